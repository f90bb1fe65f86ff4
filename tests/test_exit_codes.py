"""Exit codes are named (errors.ExitCode) and scripts may rely on their numbers."""

import subprocess
import sys

from shuanglian_cli.errors import ExitCode, UserError


def test_exit_code_numbers_are_stable():
    assert [(c.name, int(c)) for c in ExitCode] == [("OK", 0), ("INTERNAL", 1), ("USER", 2), ("INTERRUPTED", 130)]
    assert UserError("x").exit_code is ExitCode.USER


def test_commands_end_with_the_named_codes(sl, tmp_path):
    assert sl("info").exit_code == ExitCode.OK
    assert sl("department", "add", "", "--county", "nowhere").exit_code == ExitCode.USER
    assert sl("--bogus").exit_code == ExitCode.USER
    done = subprocess.run([sys.executable, "-m", "shuanglian_cli", "--version"], capture_output=True, text=True)
    assert done.returncode == ExitCode.OK and done.stdout.startswith("sl ")
