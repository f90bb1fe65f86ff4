"""Readable at 80 columns: ids, dates, numbers and names never wrap; free text is cut with “…” in tables
(whole in `show`); a table that cannot fit is laid out vertically; the audit trail speaks in names."""

import re

import pytest

from shuanglian_cli.cli.layout import table_lines, text_width

AS_OF = "2026-11-20"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SPLIT_DATE = re.compile(r"\d{4}-\d{0,1}$|^\d{1,2}-\d{2}\b")


def at80(sl, *args):
    result = sl(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    too_long = [line for line in lines if text_width(line) > 80]
    assert not too_long, too_long[:3]
    return result.output


def test_overdue_at_80_columns_keeps_dates_and_names_whole(demo):
    out = at80(demo, "suggestions", "overdue", "--as-of", AS_OF)
    assert "2026-09-07" in out  # #1852's due date, on one line
    assert "石桥镇人大代表民情联络站" in out and "石桥镇人民政府" in out
    for line in out.splitlines():
        assert not SPLIT_DATE.search(line.strip("│┃ ")), line
    # the same rows as the json, none lost to the narrow screen
    ids = {str(r["id"]) for r in __import__("json").loads(demo.ok("suggestions", "overdue", "--as-of", AS_OF,
                                                                   "--format", "json").output)}
    assert ids and all(f"编号 {i} " in out or f"│ {i} " in out for i in ids)


def test_show_at_80_columns_has_the_content_whole(demo):
    content = demo.ok("suggestions", "show", "1852", "--format", "json").output
    text = __import__("json").loads(content)["content"]
    out = at80(demo, "suggestions", "show", "1852")
    assert text in out.replace("\n", "").replace(" ", "") or text in out
    assert "…" not in out.split("办理过程")[0]
    assert "2026-08-17" in out


def test_every_listing_fits_80_columns(demo):
    for args in (
        ("deputy", "list"), ("station", "list"), ("member", "list"), ("department", "list"),
        ("constituent", "list"), ("record", "list"), ("suggestions", "list"),
        ("suggestions", "due", "--as-of", AS_OF, "--within", "20"), ("departments", "report", "--year", "2026"),
        ("calendar", "show", "2026"), ("audit", "--limit", "30"), ("county", "list"), ("deputy", "rank", "--year", "2026"),
    ):
        out = at80(demo, *args)
        assert DATE.search(out) or "沂源" in out or "代表" in out, args


def test_a_wide_table_cuts_the_free_text_and_keeps_the_rest():
    headers = ["编号", "日期", "承办单位", "内容"]
    body = [["1852", "2026-09-07", "县住房和城乡建设局", "村内主干道路面破损严重，雨天积水，建议尽快修缮" * 2]]
    lines = table_lines(headers, body, [False, False, False, True], 60)
    assert all(text_width(line) <= 60 for line in lines)
    row = next(line for line in lines if "1852" in line)
    assert "2026-09-07" in row and "县住房和城乡建设局" in row and "…" in row
    whole = table_lines(headers, body, [False, False, False, True], 60, whole=True)
    assert "…" not in "".join(whole) and len(whole) > len(lines)


def test_a_table_that_cannot_fit_goes_vertical():
    headers = ["编号", "联络站", "承办单位", "到期日", "内容"]
    body = [["7", "张家坡镇张家坡片区民情联络点", "县住房和城乡建设局", "2026-10-08", "河道内垃圾较多"]]
    lines = table_lines(headers, body, [False, False, False, False, True], 50)
    assert all(text_width(line) <= 50 for line in lines)
    assert not any("┃" in line for line in lines)
    assert any("到期日 2026-10-08" in line for line in lines)
    assert any("内容 河道内垃圾较多" in line for line in lines)


def test_audit_names_what_changed(sl):
    sl.ok("station", "add", "南麻街道人大代表联络站", "--county", "沂源")
    sl.ok("suggestions", "add", "--content", "路灯不亮", "--county", "沂源", "--station", "南麻街道人大代表联络站",
          "--on", "2026-11-02")
    out = at80(sl, "audit")
    assert "county_id" not in out and "station_id" not in out
    assert "县区=沂源县" in out and "联络站=南麻街道人大代表联络站" in out
    assert "意见建议 #1" in out and "联络站(点) #1" in out
    sl.ok("suggestions", "answer", "1", "--text", "已报修，三天内修好", "--on", "2026-11-03")
    out = at80(sl, "audit", "--record", "suggestion:1")
    assert "状态: 已登记（待处理） → 现场解答（已办结）" in out
    assert "类型=现场解答" in out and "已报修，三天内修好" in out  # the change whole, not cut


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_audit_machine_formats_keep_the_raw_keys(sl, fmt):
    sl.ok("station", "add", "南麻街道人大代表联络站", "--county", "沂源")
    out = sl.ok("audit", "--format", fmt).output
    assert "table_name" in out and "county_id" in out
