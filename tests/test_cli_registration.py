"""One way to register commands (cli/app.py COMMANDS, built lazily), one alias per shared option, the
`sl department report` rename with its hidden old spelling, and rates as fractions in every JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import typer.main

from shuanglian_cli.cli.app import COMMANDS, app

AS_OF = "2026-11-20"


def _tree():
    root = typer.main.get_command(app)

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    return list(walk(root, ()))


def test_every_entry_is_a_command_and_every_command_an_entry():
    paths = {" ".join(path) for path, _ in _tree() if path}
    for entry in COMMANDS:
        assert entry.path in paths, entry.path
    # every top-level command and group of the tree is listed once in COMMANDS
    top = [e.path for e in COMMANDS if " " not in e.path]
    assert len(top) == len(set(top))
    assert {p for p in paths if " " not in p} == set(top)


def test_no_module_registers_commands_itself():
    import importlib

    for entry in COMMANDS:
        module = importlib.import_module(f"shuanglian_cli.cli.{entry.module}")
        assert not hasattr(module, "register") and not hasattr(module, "register_top"), entry.module


def test_help_lists_the_groups_in_order_without_the_hidden_alias(sl):
    out = sl.ok("--help").output
    listed = [line.split()[0] for line in out.split("命令:")[1].splitlines() if line.startswith("  ")]
    assert listed == [e.path for e in COMMANDS if " " not in e.path and not e.hidden]
    assert "departments" not in listed and "department" in listed
    assert "report" in sl.ok("department", "--help").output


def test_a_command_imports_only_its_own_module(tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from shuanglian_cli.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['--db', {str(tmp_path / 'x.db')!r}, 'calendar', 'deadline', '2026-11-02'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('shuanglian_cli.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"SL_TODAY": "2026-11-29", "PATH": ""}, check=True).stdout
    loaded = out.strip()
    assert "shuanglian_cli.cli.calendar" in loaded
    for other in ("suggestions", "record", "deputy", "export", "stats", "safety"):
        assert f"'shuanglian_cli.cli.{other}'" not in loaded, other


def test_shared_options_have_one_help_each():
    helps: dict[str, set[str]] = {}
    for _, command in _tree():
        for param in getattr(command, "params", []):
            if isinstance(param, click.Option) and param.opts[0] in ("--county", "--station", "--department",
                                                                      "--deputy"):
                helps.setdefault(param.opts[0], set()).add(param.help)
    assert set(helps) == {"--county", "--station", "--department", "--deputy"}
    assert all(len(texts) == 1 for name, texts in helps.items() if name != "--deputy"), helps
    assert len(helps["--deputy"]) == 2  # one deputy, or several (`record visit`, `link add`)


def test_short_flags_kept(sl):
    out = sl.ok("suggestions", "list", "--help").output
    for flag in ("-c, --county", "-s, --station", "-D, --department", "-d, --deputy"):
        assert flag in out
    assert "-d, --date" in sl.ok("record", "visit", "--help").output


def test_old_spelling_runs_the_same_report(demo):
    args = ("report", "--year", "2026", "--as-of", AS_OF, "--format", "json")
    assert demo.ok("department", *args).output == demo.ok("departments", *args).output


def test_department_report_rates_are_fractions_in_json_and_percent_in_tables(demo):
    rows = json.loads(demo.ok("department", "report", "--year", "2026", "--as-of", AS_OF, "-f", "json").output)
    rates = [r[k] for r in rows for k in ("on_time_rate", "satisfaction_rate") if r[k] is not None]
    assert rates and all(0 <= v <= 1 and round(v, 4) == v for v in rates)
    assert any(0 < v < 1 for v in rates)
    first = rows[0]
    table = demo.ok("department", "report", "--year", "2026", "--as-of", AS_OF).output
    assert f"{first['answered_on_time']}（{first['on_time_rate'] * 100:.1f}%）" in table
    stats = json.loads(demo.ok("stats", "year", "2026", "--as-of", AS_OF, "-f", "json").output)
    assert 0 <= stats["satisfaction_rate"] <= 1  # the same unit as stats


def test_one_json_writer_for_long_lists(demo):
    out = demo.ok("suggestions", "overdue", "--as-of", AS_OF, "--format", "json").output
    rows = json.loads(out)
    assert rows and out.startswith("[\n  {") and out.count("\n") == len(rows) + 2


def test_a_typo_is_not_pointed_at_the_hidden_alias(sl):
    result = sl.fails("departmnt")
    assert "department" in result.output and "departments" not in result.output
