"""A closed pipe ends quietly with exit 0; output redirected to a file holds every character sl prints;
a console that cannot show Chinese gets a one-line ASCII hint, never a traceback or “内部错误”."""

import os
import shutil
import subprocess
import sys

import pytest

from shuanglian_cli.cli.app import ENCODING_HINT


def run_sl(args, env=None, **kw):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SL_", "PYTHONIOENCODING", "LC_", "LANG"))}
    return subprocess.run([sys.executable, "-m", "shuanglian_cli", *args], env={**base, **(env or {})}, **kw)


@pytest.mark.parametrize("args", [("deputy", "list"), ("deputy", "list", "--format", "csv"),
                                  ("audit", "--limit", "0"), ("suggestions", "list", "--format", "json")])
def test_a_closed_pipe_exits_0_quietly(demo_file, args):
    proc = subprocess.Popen([sys.executable, "-m", "shuanglian_cli", "--db", str(demo_file), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "80"})
    proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0, err
    assert err == ""


def test_head_in_a_pipefail_shell_succeeds(demo_file):
    script = f'set -o pipefail; "{sys.executable}" -m shuanglian_cli --db "{demo_file}" deputy list | head -1'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "人大代表名册" and result.stderr == ""


def test_a_console_that_cannot_show_chinese_gets_an_ascii_hint(tmp_path):
    result = run_sl(["--db", str(tmp_path / "a.db"), "init"], env={"PYTHONIOENCODING": "ascii"},
                    capture_output=True, timeout=60)
    err = result.stderr.decode("ascii")  # nothing but ASCII
    assert result.returncode == 2
    assert err.strip() == ENCODING_HINT and "UTF-8" in err
    assert "Traceback" not in err and "\\u" not in err
    assert not (tmp_path / "a.db").exists()  # told before anything ran


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux `script` for a terminal")
def test_a_console_in_an_ascii_locale_gets_the_hint_not_escapes(tmp_path):
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    script = f'"{sys.executable}" -m shuanglian_cli --db "{tmp_path / "a.db"}" suggestions list'
    # `script` gives the command a terminal, where the locale's ASCII is kept
    result = subprocess.run(["script", "-qec", script, "/dev/null"], capture_output=True, timeout=60,
                            env={**{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}, **env})
    out = result.stdout.decode("ascii", "replace")
    assert result.returncode == 2 and ENCODING_HINT in out
    assert "\\u" not in out and "Traceback" not in out


def test_output_redirected_under_an_ascii_locale_is_written_in_utf8(tmp_path):
    out = tmp_path / "out.txt"
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    with out.open("wb") as f:
        result = run_sl(["--db", str(tmp_path / "a.db"), "init"], env=env, stdout=f, stderr=subprocess.PIPE,
                        timeout=60)
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8")
    assert "✓" in text and "数据库" in text


def test_a_chinese_windows_redirect_in_cp936_is_written_in_utf8(monkeypatch):
    """cp936 (GBK) lacks ✓ and •: a redirected stream in it is switched to UTF-8 (csv on stdout is UTF-8)."""
    import io

    from shuanglian_cli.cli import app as app_module

    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp936")
    monkeypatch.setattr(sys, "stdout", stream)
    app_module._fit_console_encoding()
    assert stream.encoding == "utf-8"
    stream.write("✓ 已写入 • 完成")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "✓ 已写入 • 完成"
