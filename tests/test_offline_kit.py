"""tools/offline_kit.py on a prepared wheel folder: the check of the target's wheels and markers, the kit's
listing (names, platform, install script), the zip, and an install from a kit with no package index.

Downloading the real wheels needs a package index; .ci/offline-kit does that (and installs and runs the
real Linux kit). Here the wheels are small hand-made ones, so the tests are quick and need no network."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("offline_kit", ROOT / "tools" / "offline_kit.py")
kit = sys.modules["offline_kit"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kit)

WIN, X86, ARM = (kit.PLATFORMS[n] for n in ("win_amd64", "manylinux_x86_64", "manylinux_aarch64"))


def make_wheel(folder: Path, name: str, version: str, tag: str = "py3-none-any",
               requires: tuple[str, ...] = (), files: dict[str, str] | None = None,
               scripts: dict[str, str] | None = None) -> Path:
    """A minimal, installable wheel."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    members = dict(files or {})
    members[f"{info}/METADATA"] = "\n".join(
        ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]
    ) + "\n"
    members[f"{info}/WHEEL"] = f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n"
    if scripts:
        members[f"{info}/entry_points.txt"] = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())
    members[f"{info}/RECORD"] = "".join(f"{m},,\n" for m in members) + f"{info}/RECORD,,\n"
    path = folder / f"{dist}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return path


@pytest.fixture
def wheels(tmp_path) -> Path:
    """sl's wheel and its dependencies as a kit holds them for Windows: a compiled one for 3.11 and 3.12,
    one only Windows needs (by its marker), one only with an extra nobody asks for."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    make_wheel(folder, "shuanglian-cli", "0.1.0", requires=(
        "typer<0.26,>=0.15", "python-calamine>=0.2", "pytest>=8; extra == \"test\""))
    make_wheel(folder, "typer", "0.25.1", requires=("click>=8", "rich (>=13) ; extra == \"all\""))
    make_wheel(folder, "click", "8.1.8", requires=('colorama; platform_system == "Windows"',))
    make_wheel(folder, "colorama", "0.4.6", tag="py2.py3-none-any")
    for version in ("311", "312"):
        make_wheel(folder, "python-calamine", "0.9.1", tag=f"cp{version}-cp{version}-win_amd64")
    return folder


def test_a_complete_windows_folder_misses_nothing(wheels):
    assert kit.missing_wheels(wheels, WIN, "3.11") == []
    assert kit.missing_wheels(wheels, WIN, "3.12") == []


def test_a_compiled_dependency_without_a_wheel_for_the_target_is_named(wheels):
    (wheels / "python_calamine-0.9.1-cp311-cp311-win_amd64.whl").unlink()
    assert kit.missing_wheels(wheels, WIN, "3.11") == ["python-calamine>=0.2"]
    assert kit.missing_wheels(wheels, WIN, "3.12") == []
    assert kit.missing_wheels(wheels, ARM, "3.12") == ["python-calamine>=0.2"]  # win wheels only


def test_markers_are_judged_for_the_target_not_this_machine(wheels):
    (wheels / "colorama-0.4.6-py2.py3-none-any.whl").unlink()
    assert kit.missing_wheels(wheels, WIN, "3.12") == ["colorama"]
    for version in ("311", "312"):
        make_wheel(wheels, "python-calamine", "0.9.1", tag=f"cp{version}-cp{version}-manylinux_2_17_x86_64")
    assert kit.missing_wheels(wheels, X86, "3.12") == []  # Linux needs no colorama


def test_a_wheel_too_old_for_the_requirement_does_not_count(wheels):
    (wheels / "typer-0.25.1-py3-none-any.whl").unlink()
    make_wheel(wheels, "typer", "0.9.0", requires=("click>=8",))
    assert kit.missing_wheels(wheels, WIN, "3.12") == ["typer<0.26,>=0.15"]


def test_platform_tags_accept_manylinux2014_and_2_28_wheels():
    tags = kit.target_tags(ARM, "3.11")
    assert "cp311-cp311-manylinux_2_28_aarch64" in tags and "cp311-abi3-manylinux2014_aarch64" in tags
    assert "cp312-cp312-manylinux_2_24_aarch64" not in tags  # another Python
    assert {"cp311-cp311-manylinux_2_24_aarch64", "cp311-cp311-manylinux_2_17_aarch64"} <= tags
    assert "cp311-cp311-manylinux_2_31_aarch64" not in tags  # needs a newer glibc than Kylin V10's
    assert "py3-none-any" in tags and not any("x86_64" in t for t in tags)


def test_windows_kit_listing(wheels, tmp_path):
    installer = tmp_path / "python-3.12.8-amd64.exe"
    installer.write_bytes(b"MZ installer")
    top = kit.stage_kit(tmp_path / "stage", wheels, WIN, "0.1.0", installer)
    names = kit.kit_listing(top)
    base = "sl-0.1.0-offline-win_amd64/"
    assert names[0] == base
    assert {base + "install.bat", base + "shuoming.txt", base + "config.example.yaml",
            base + "python/python-3.12.8-amd64.exe", base + "wheels/colorama-0.4.6-py2.py3-none-any.whl",
            base + "wheels/python_calamine-0.9.1-cp311-cp311-win_amd64.whl"} <= set(names)
    assert not any(n.endswith("install.sh") for n in names)
    assert all(n.isascii() for n in names)

    script = (top / "install.bat").read_bytes()
    assert script.startswith(b"@echo off\r\nchcp 936 >nul\r\n")
    assert b"\n" not in script.replace(b"\r\n", b"")  # CRLF throughout
    text = script.decode("gbk")  # what cmd.exe reads on a Chinese Windows
    assert "--no-index --find-links" in text and "安装完成" in text and "sl --help" in text
    assert "python\\python-3.12.8-amd64.exe" in text and "@" + "INSTALLER@" not in text

    readme = (top / "shuoming.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf")  # Notepad knows it is UTF-8
    readme_text = readme.decode("utf-8-sig")
    assert "Python 3.11 或 3.12" in readme_text and "信息化" in readme_text and "0.1.0" in readme_text


def test_linux_kit_listing_and_zip(wheels, tmp_path):
    top = kit.stage_kit(tmp_path / "stage", wheels, ARM, "0.1.0", None)
    names = kit.kit_listing(top)
    base = "sl-0.1.0-offline-manylinux_aarch64/"
    assert base + "install.sh" in names and base + "shuoming.txt" in names
    assert not any(n.endswith(".bat") or "/python/" in n for n in names)
    assert "ARM64" in (top / "shuoming.txt").read_text(encoding="utf-8")

    target = kit.write_zip(top, tmp_path / "dist" / f"{top.name}.zip")
    assert target.name == "sl-0.1.0-offline-manylinux_aarch64.zip"
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == names
        assert archive.getinfo(base + "install.sh").external_attr >> 16 & 0o111  # executable after unzip
        assert archive.testzip() is None


def test_the_kit_name_comes_from_pyproject():
    assert kit.kit_name(kit.project_version(), WIN).startswith("sl-0.")
    assert kit.kit_name("0.1.0", X86) == "sl-0.1.0-offline-manylinux_x86_64"


@pytest.mark.skipif(os.name != "posix", reason="install.sh is the Linux script")
def test_install_sh_installs_from_the_kit_with_no_index(tmp_path):
    """A real install by install.sh into a fresh venv, from a Chinese folder with a space, index off:
    only the kit's wheels can be used (the project here is a stand-in with an `sl` command)."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    make_wheel(folder, "shuanglian-cli", "0.1.0", requires=("tinydep>=1",),
               files={"fake_sl.py": "import tinydep\ndef main():\n    print('sl 0.1.0', tinydep.WORD)\n"},
               scripts={"sl": "fake_sl:main"})
    make_wheel(folder, "tinydep", "1.0", files={"tinydep.py": "WORD = '离线'\n"})
    place = tmp_path / "离线 安装"
    top = kit.stage_kit(place, folder, X86, "0.1.0", None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", HOME=str(place / "home"),
               SL_PYTHON=sys.executable, SL_BIN_DIR=str(place / "bin"))
    done = subprocess.run(["sh", str(top / "install.sh"), str(place / "环境")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "安装完成" in done.stdout
    ran = subprocess.run([str(place / "bin" / "sl")], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "sl 0.1.0 离线"


def test_install_sh_without_a_fitting_python_says_what_to_do(tmp_path, wheels):
    top = kit.stage_kit(tmp_path / "stage", wheels, X86, "0.1.0", None)
    fake = tmp_path / "python3.8"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SL_PYTHON": str(fake)}
    done = subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "不是 Python 3.11 或 3.12" in done.stderr


def wheel_of_installed_pip(folder: Path) -> Path:
    """The pip this test runs with, zipped back into a wheel (installed files and wheel share a layout)."""
    import pip

    site = Path(pip.__file__).parent.parent
    (info,) = site.glob(f"pip-{pip.__version__}.dist-info")
    path = folder / f"pip-{pip.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for base in (site / "pip", info):
            for file in sorted(base.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts:
                    archive.write(file, file.relative_to(site).as_posix())
    return path


@pytest.mark.skipif(os.name != "posix", reason="install.sh is the Linux script")
def test_install_sh_without_ensurepip_uses_the_kits_pip(tmp_path):
    """UOS or Kylin without the python3-venv package: `python3 -m venv` fails for want of ensurepip."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    make_wheel(folder, "shuanglian-cli", "0.1.0", files={"fake_sl.py": "def main():\n    print('sl 0.1.0')\n"},
               scripts={"sl": "fake_sl:main"})
    wheel_of_installed_pip(folder)
    top = kit.stage_kit(tmp_path / "kit", folder, X86, "0.1.0", None)
    python = tmp_path / "python3.11"
    python.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{tmp_path / "calls.log"}"\n'
        'if [ "$1" = -m ] && [ "$2" = venv ] && [ "$3" != --without-pip ]; then\n'
        '    echo "ensurepip is not available" >&2; exit 1\nfi\n'
        f'exec "{sys.executable}" "$@"\n'
    )
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", HOME=str(tmp_path / "home"),
               SL_PYTHON=str(python), SL_BIN_DIR=str(tmp_path / "bin"))
    done = subprocess.run(["sh", str(top / "install.sh"), str(tmp_path / "venv")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "-m venv --without-pip" in (tmp_path / "calls.log").read_text()
    assert (tmp_path / "venv" / "bin" / "pip").exists()
    ran = subprocess.run([str(tmp_path / "bin" / "sl")], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "sl 0.1.0"
