"""`sl today` on an 80-column terminal: a list to work down, each item's text wrapped under itself with
dates and numbers whole, and the command that records it on a line of its own, whole."""

import re

from shuanglian_cli.cli.layout import text_width, wrap


def test_today_reads_at_80_columns(demo):
    result = demo("today", "--as-of", "2026-11-20", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2026-11-20 今日待办" and re.fullmatch(r"共 \d+ 项", lines[-1])
    commands = [line for line in lines if line.lstrip().startswith("→ sl ")]
    items = [line for line in lines if re.match(r"\S+\s+\d{4}-\d{2}-\d{2}  ", line)]
    assert len(commands) == len(items) == int(re.search(r"\d+", lines[-1]).group())
    for line in lines:
        if not line.lstrip().startswith("→"):
            assert text_width(line) <= 80, line
    # a date inside the text is never split across two lines
    for a, b in zip(lines, lines[1:], strict=False):
        assert not (re.search(r"\d{4}-\d{0,1}$", a) and re.match(r"\s*\d", b)), (a, b)


def test_today_out_file_and_json_keep_the_columns(demo, tmp_path):
    out = tmp_path / "today.csv"
    demo.ok("today", "--as-of", "2026-11-20", "--out", out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "事项,日期,要做的事,记录命令"


def test_wrap_keeps_ascii_runs_whole():
    text = "第 1852 条已于 2026-09-07 到期未答复（石桥镇人民政府）：催办通知书"
    for width in range(12, 40):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(text_width(line) <= width for line in lines)
        assert any("2026-09-07" in line for line in lines)
