"""Build sl's offline kit: a zip with every wheel a machine without internet needs, and an install script.

    python tools/offline_kit.py --platform win_amd64            # -> dist/sl-0.1.0-offline-win_amd64.zip
    python tools/offline_kit.py --platform manylinux_aarch64 --resolve-only   # CI: do the wheels exist?
    python tools/offline_kit.py --platform win_amd64 --python-installer python-3.12.8-amd64.exe

Wheels come from pip's own means (`pip wheel --no-deps .` for sl, `pip download --only-binary=:all:
--platform ... --python-version ...` for its dependencies, for Python 3.11 and 3.12): no resolver of our
own. pip evaluates environment markers such as `platform_system == "Windows"` for the machine it runs
on, not the target, so after downloading, the kit's wheels are checked against the target's markers
and tags; what is missing (colorama for click on Windows, for example) is downloaded by name, and a
dependency with no wheel for the target is an error naming it.

Inside the zip: sl-VERSION-offline-PLATFORM/ with wheels/, install.bat or install.sh, shuoming.txt
(说明, in Chinese), config.example.yaml and, with --python-installer, python/. Every name is ASCII: the
zip tool built into a Chinese Windows reads names in the legacy code page and would garble Chinese ones.
"""

from __future__ import annotations

import argparse
import email.parser
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.tags import compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # a bare interpreter: the copy pip carries
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.tags import compatible_tags, cpython_tags
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "offline_kit_files"
PROJECT = "shuanglian-cli"
PYTHON_VERSIONS = ("3.11", "3.12")
# what the project wheel is built from (a copy, so the checkout gets no build/ or egg-info)
SOURCE_FILES = ("pyproject.toml", "README.md", "shuanglian_cli")


@dataclass(frozen=True)
class Platform:
    name: str  # the --platform value and the kit's name
    tags: tuple[str, ...]  # pip's --platform values, newest first
    markers: dict  # environment markers on the target
    label: str  # in Chinese, for shuoming.txt

    @property
    def windows(self) -> bool:
        return self.markers["sys_platform"] == "win32"


_LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
# glibc 2.28: Kylin V10, UOS V20, openEuler 20.03 and newer; manylinux2014 (glibc 2.17) wheels fit too
PLATFORMS = {
    "win_amd64": Platform(
        "win_amd64", ("win_amd64",),
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
        "Windows 10/11（64 位，x86-64）",
    ),
    "manylinux_x86_64": Platform(
        "manylinux_x86_64", ("manylinux_2_28_x86_64", "manylinux2014_x86_64"),
        {**_LINUX, "platform_machine": "x86_64"},
        "Linux x86-64（麒麟 Kylin V10、统信 UOS V20 等，glibc 2.28 及以上）",
    ),
    "manylinux_aarch64": Platform(
        "manylinux_aarch64", ("manylinux_2_28_aarch64", "manylinux2014_aarch64"),
        {**_LINUX, "platform_machine": "aarch64"},
        "Linux ARM64（鲲鹏、飞腾等处理器上的麒麟、统信 UOS，glibc 2.28 及以上）",
    ),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def project_version(root: Path = ROOT) -> str:
    import tomllib

    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def kit_name(version: str, platform: Platform) -> str:
    return f"sl-{version}-offline-{platform.name}"


# -- getting the wheels ------------------------------------------------------------------------------

def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit(f"pip failed: {' '.join(args[:2])} ...\n{done.stdout[-4000:]}")


def build_project_wheel(wheels: Path, root: Path = ROOT) -> Path:
    with tempfile.TemporaryDirectory(prefix="sl-src-") as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        for name in SOURCE_FILES:
            item = root / name
            if item.is_dir():
                shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(item, source / name)
        pip("wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source))
    (wheel,) = wheels.glob("shuanglian_cli-*.whl")
    return wheel


def download(wheels: Path, platform: Platform, python_version: str, requirements: list[str]) -> None:
    args = ["download", "--quiet", "--only-binary=:all:", "--implementation", "cp",
            "--python-version", python_version, "-d", str(wheels)]
    for tag in platform.tags:
        args += ["--platform", tag]
    pip(*args, *requirements)


_LEGACY_MANYLINUX = {"manylinux2014": 17, "manylinux2010": 12, "manylinux1": 5}


def expand_platforms(tags: tuple[str, ...]) -> list[str]:
    """manylinux_2_28_x86_64 -> itself and every older glibc's tag (as pip expands --platform)."""
    out: list[str] = []
    for tag in tags:
        match = re.fullmatch(r"manylinux_2_(\d+)_(\w+)", tag)
        if not match:
            out.append(tag)
            continue
        glibc, arch = int(match.group(1)), match.group(2)
        out += [f"manylinux_2_{minor}_{arch}" for minor in range(glibc, 4, -1)]
        out += [f"{alias}_{arch}" for alias, minor in _LEGACY_MANYLINUX.items() if minor <= glibc]
    return list(dict.fromkeys(out))


def target_tags(platform: Platform, python_version: str) -> set[str]:
    version = tuple(int(p) for p in python_version.split("."))
    platforms = expand_platforms(platform.tags)
    tags = [*cpython_tags(version, platforms=platforms), *compatible_tags(version, platforms=platforms)]
    return {str(t) for t in tags}


def wheel_index(wheels: Path) -> dict[str, list[Path]]:
    """Distribution name (canonical) -> its wheel files in the folder."""
    index: dict[str, list[Path]] = {}
    for path in sorted(wheels.glob("*.whl")):
        name = parse_wheel_filename(path.name)[0]
        index.setdefault(canonicalize_name(name), []).append(path)
    return index


def requires_dist(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        message = email.parser.Parser().parsestr(archive.read(meta).decode("utf-8"))
    return message.get_all("Requires-Dist") or []


def missing_wheels(wheels: Path, platform: Platform, python_version: str, root: str = PROJECT) -> list[str]:
    """Requirements of the project, followed through the kit's wheels with the target's markers, that no
    wheel in the folder satisfies for this platform and Python version (as requirement strings)."""
    env = {**platform.markers, "python_version": python_version, "python_full_version": f"{python_version}.0",
           "implementation_name": "cpython", "platform_python_implementation": "CPython"}
    tags = target_tags(platform, python_version)
    index = wheel_index(wheels)
    missing: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    queue = [(canonicalize_name(root), Requirement(root), frozenset())]
    while queue:
        name, requirement, extras = queue.pop()
        fitting = [w for w in index.get(name, []) if _fits(w, tags, requirement)]
        if not fitting:
            missing.setdefault(name, str(requirement).split(";")[0].strip())
            continue
        for extra in extras or {""}:
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            for line in requires_dist(fitting[0]):
                dep = Requirement(line)
                if dep.marker is None or dep.marker.evaluate({**env, "extra": extra}):
                    dep_extras = frozenset(dep.extras) | {""}
                    queue.append((canonicalize_name(dep.name), dep, dep_extras))
    return sorted(missing.values())


def _fits(wheel: Path, tags: set[str], requirement: Requirement) -> bool:
    _, version, _, wheel_tags = parse_wheel_filename(wheel.name)
    if requirement.specifier and not requirement.specifier.contains(version, prereleases=True):
        return False
    return any(str(t) in tags for t in wheel_tags)


def collect_wheels(wheels: Path, platform: Platform, versions=PYTHON_VERSIONS, root: Path = ROOT) -> None:
    """sl's wheel, then its dependencies' for each Python version; what markers pip judged for this
    machine rather than the target is fetched by name. Exits naming what has no wheel."""
    project = build_project_wheel(wheels, root)
    for version in versions:
        download(wheels, platform, version, [str(project), "pip"])
        for _ in range(5):  # each round may bring wheels with requirements of their own
            missing = missing_wheels(wheels, platform, version)
            if not missing:
                break
            download(wheels, platform, version, missing)
        else:
            sys.exit(f"no wheel for {platform.name}, Python {version}: {', '.join(missing)}")


# -- the kit -------------------------------------------------------------------------------------------

def fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    return template


def stage_kit(staging: Path, wheels: Path, platform: Platform, version: str, installer: Path | None) -> Path:
    """The kit's folder, as it will be zipped; returns it."""
    top = staging / kit_name(version, platform)
    (top / "wheels").mkdir(parents=True)
    for wheel in sorted(wheels.glob("*.whl")):
        shutil.copy2(wheel, top / "wheels" / wheel.name)
    values = {"VERSION": version, "PLATFORM": platform.label, "KIT": top.name,
              "INSTALLER": f"python\\{installer.name}" if installer else ""}
    if platform.windows:
        # cmd.exe reads a batch file in the console's code page, 936 (GBK) on a Chinese Windows; the
        # first line, ASCII, sets 936 for machines switched to UTF-8. GBK rather than UTF-8 + chcp 65001,
        # which older Windows 10 cmd.exe misreads after multi-byte lines.
        script = fill((FILES / "install.bat").read_text(encoding="utf-8"), **values)
        (top / "install.bat").write_bytes(script.replace("\n", "\r\n").encode("gbk"))
        readme = fill((FILES / "shuoming-windows.txt").read_text(encoding="utf-8"), **values)
        # Notepad reads UTF-8 with a BOM on every Windows 10/11
        (top / "shuoming.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))
    else:
        script = fill((FILES / "install.sh").read_text(encoding="utf-8"), **values)
        (top / "install.sh").write_text(script, encoding="utf-8", newline="\n")
        (top / "install.sh").chmod(0o755)
        readme = fill((FILES / "shuoming-linux.txt").read_text(encoding="utf-8"), **values)
        (top / "shuoming.txt").write_text(readme, encoding="utf-8", newline="\n")
    example = ROOT / "config.example.yaml"
    if example.exists():
        text = example.read_text(encoding="utf-8")
        data = text.replace("\n", "\r\n").encode("utf-8-sig") if platform.windows else text.encode("utf-8")
        (top / "config.example.yaml").write_bytes(data)
    if installer:
        if not installer.name.isascii():
            sys.exit(f"rename the installer to an ASCII name first: {installer.name}")
        (top / "python").mkdir()
        shutil.copy2(installer, top / "python" / installer.name)
    return top


def kit_listing(top: Path) -> list[str]:
    """The names inside the zip, in order, folders ending with '/'."""
    names = [f"{top.name}/"]
    for path in sorted(top.rglob("*")):
        relative = path.relative_to(top.parent).as_posix()
        names.append(relative + ("/" if path.is_dir() else ""))
    return names


def write_zip(top: Path, target: Path) -> Path:
    non_ascii = [n for n in kit_listing(top) if not n.isascii()]
    if non_ascii:
        sys.exit(f"non-ASCII names in the kit: {non_ascii}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in kit_listing(top):
            path = top.parent / name
            info = zipfile.ZipInfo.from_file(path, name)  # keeps modes: install.sh stays executable
            if info.is_dir():
                archive.writestr(info, b"")
                continue
            # wheels and installers are compressed already
            info.compress_type = zipfile.ZIP_STORED if path.suffix in (".whl", ".exe", ".msi") else zipfile.ZIP_DEFLATED
            with path.open("rb") as fh:
                archive.writestr(info, fh.read())
    partial.replace(target)
    return target


def summary(wheels: Path) -> list[str]:
    return sorted(p.name for p in wheels.glob("*.whl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", required=True, choices=sorted(PLATFORMS))
    parser.add_argument("--python-version", action="append", dest="versions",
                        help=f"target Python (repeatable; default {' and '.join(PYTHON_VERSIONS)})")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip (default dist/)")
    parser.add_argument("--python-installer", type=Path, help="a Python installer to put into the kit")
    parser.add_argument("--resolve-only", action="store_true",
                        help="download the wheels into a temporary folder and check them; no zip")
    parser.add_argument("--keep-dir", type=Path, help="also leave the unzipped kit in this folder")
    args = parser.parse_args(argv)
    platform = PLATFORMS[args.platform]
    versions = tuple(args.versions or PYTHON_VERSIONS)
    if args.python_installer and not args.python_installer.is_file():
        parser.error(f"no such file: {args.python_installer}")
    version = project_version()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sl-kit-") as tmp:
        wheels = Path(tmp) / "wheels"
        wheels.mkdir()
        collect_wheels(wheels, platform, versions)
        names = summary(wheels)
        size = sum(p.stat().st_size for p in wheels.glob("*.whl"))
        log(f"{platform.name}, Python {', '.join(versions)}: {len(names)} wheels, {size / 1e6:.1f} MB")
        for name in names:
            log(f"  {name}")
        if args.resolve_only:
            log(f"resolved in {time.monotonic() - started:.1f} s (no zip: --resolve-only)")
            return 0
        top = stage_kit(Path(tmp) / "kit", wheels, platform, version, args.python_installer)
        target = write_zip(top, args.out / f"{top.name}.zip")
        if args.keep_dir:
            shutil.copytree(top, args.keep_dir / top.name, dirs_exist_ok=True)
    log(f"{target} ({target.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
