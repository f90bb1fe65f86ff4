"""The duty rota through the CLI: refusals (exit 2, nothing written), what is stored, re-planning
keeps the past, swaps, absences, planned deputies who did not come, the Excel export, and the demo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from shuanglian_cli.config import Config
from shuanglian_cli.domain.rota import window_of
from shuanglian_cli.domain.schedule import occurrences, parse_rule

STATION = "青山镇人大代表民情联络站"
POINT = "青山镇东村民情联络点"


def _county(sl, deputies: int = 8, schedule: str = "每月双周周四", point: str = "每月15日"):
    sl.ok("station", "add", STATION, "--county", "沂源", "--kind", "站", "--schedule", schedule)
    sl.ok("station", "add", POINT, "--county", "沂源", "--parent", STATION, "--schedule", point)
    levels = ["镇", "县", "市,县"]
    for i in range(deputies):
        home = STATION if i % 3 else POINT
        sl.ok("deputy", "add", f"代表{i:02d}", "--county", "沂源", "--station", home, "--level", levels[i % 3])
    return sl


def _rota(sl) -> list[tuple[str, str, str]]:
    return sl.rows("""SELECT r.day, s.name, d.name FROM duty_rota r JOIN stations s ON s.id = r.station_id
                      JOIN deputies d ON d.id = r.deputy_id ORDER BY r.day, s.name, d.name""")


def test_plan_a_year_stored_on_reception_working_days(sl):
    _county(sl)
    sl.ok("deputy", "away", "代表01", "--from", "2027-01-01", "--to", "2027-03-31", "--reason", "外出学习")
    out = sl.ok("schedule", "rota", "--year", "2027", "--per-day", "2", "-f", "json")
    days = json.loads(out.stdout)
    rows = _rota(sl)
    assert len(rows) == sum(len(d["deputies"]) for d in days) > 0
    cal = Config().calendar
    allowed = {STATION: {o.day.isoformat() for o in occurrences(parse_rule("每月双周周四"), dt.date(2027, 1, 1),
                                                              dt.date(2027, 12, 31), cal)},
               POINT: {o.day.isoformat() for o in occurrences(parse_rule("每月15日"), dt.date(2027, 1, 1),
                                                            dt.date(2027, 12, 31), cal)}}
    for day, station, name in rows:
        assert day in allowed[station] and cal.is_workday(dt.date.fromisoformat(day))
        assert not (name == "代表01" and day <= "2027-03-31")
    per = {}
    for day, _, name in rows:
        per.setdefault(name, []).append(dt.date.fromisoformat(day))
    assert set(per) == {f"代表{i:02d}" for i in range(8)}  # everyone at least once
    for name, ds in per.items():
        windows = [window_of(d, dt.date(2027, 1, 1), 28) for d in ds]
        assert len(windows) == len(set(windows)), name
    # each station's day has its two places filled
    assert all(len(d["deputies"]) == 2 for d in days)


def test_refusals_write_nothing(sl):
    sl.ok("station", "add", "无规则站", "--county", "沂源", "--kind", "站")
    sl.ok("station", "add", "季度站", "--county", "沂源", "--kind", "站", "--schedule", "每季度至少1次")
    sl.ok("station", "add", "空站", "--county", "沂源", "--kind", "站", "--schedule", "每周四")
    sl.ok("deputy", "add", "甲", "--county", "沂源", "--station", "无规则站")
    sl.ok("deputy", "add", "乙", "--county", "沂源", "--station", "季度站")
    assert "没有设定接待日规则" in sl.fails("schedule", "rota", "--year", "2027", "--station", "无规则站").output
    assert "没有设定固定的接待日" in sl.fails("schedule", "rota", "--year", "2027", "--station", "季度站").output
    assert "没有以它" in sl.fails("schedule", "rota", "--year", "2027", "--station", "空站").output
    assert "早于开始日期" in sl.fails("deputy", "away", "甲", "--from", "2027-02-10", "--to", "2027-02-01").output
    assert "已经过去" in sl.fails("schedule", "rota", "--year", "2025").output
    assert sl.value("SELECT count(*) FROM duty_rota") == 0
    assert sl.value("SELECT count(*) FROM deputy_absences") == 0


def test_a_shortfall_names_who_and_why_and_writes_nothing(sl):
    _county(sl, deputies=12, schedule="每月第2周周四", point="")
    sl.ok("deputy", "away", "代表04", "--from", "2027-01-01", "--to", "2027-12-31")
    out = sl.fails("schedule", "rota", "--year", "2027", "--per-day", "1").output
    assert "排不满" in out and "代表04" in out and "请假" in out
    assert sl.value("SELECT count(*) FROM duty_rota") == 0
    # a dry run says the same
    assert "代表04" in sl.fails("schedule", "rota", "--year", "2027", "--dry-run").output
    sl.ok("deputy", "away", "--cancel", "1")
    sl.ok("schedule", "rota", "--year", "2027", "--per-day", "1")
    assert {n for _, _, n in _rota(sl)} == {f"代表{i:02d}" for i in range(12)}


def test_replanning_keeps_the_past_and_replaces_the_rest(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2026", "--as-of", "2026-01-01")
    before = _rota(sl)
    past = [r for r in before if r[0] < "2026-11-29"]
    sl.ok("deputy", "away", "代表02", "--from", "2026-11-29", "--to", "2026-12-31")
    sl.ok("schedule", "rota", "--year", "2026")  # as of today, 2026-11-29
    after = _rota(sl)
    assert [r for r in after if r[0] < "2026-11-29"] == past
    assert not [r for r in after if r[0] >= "2026-11-29" and r[2] == "代表02"]
    assert [r for r in after if r[0] >= "2026-11-29"]
    # a write may not be dated after the real today
    assert "晚于今天" in sl.fails("schedule", "rota", "--year", "2026", "--as-of", "2026-12-05").output


def test_swap_with_a_colleague_trade_days_move_and_refusals(sl):
    _county(sl)
    sl.ok("deputy", "add", "外站代表", "--county", "沂源")
    sl.ok("schedule", "rota", "--year", "2027", "--per-day", "1")
    rows = _rota(sl)
    day, station, first = rows[0]
    other = next(n for d, s, n in rows if n != first and s == station and d != day)
    other_day = next(d for d, s, n in rows if n == other and s == station)
    free = next(f"代表{i:02d}" for i in range(8) if f"代表{i:02d}" not in {n for d, _, n in rows if d == day})

    out = sl.fails("schedule", "swap", first, "--date", day, "--with", "外站代表").output
    assert "不属于该联络站" in out
    assert _rota(sl) == rows
    sl.fails("schedule", "swap", first, "--date", "2027-01-02", "--with", free)  # not planned that day

    assert "代替" in sl.ok("schedule", "swap", first, "--date", day, "--with", free).output
    assert (day, station, free) in _rota(sl) and (day, station, first) not in _rota(sl)
    sl.ok("schedule", "swap", free, "--date", day, "--with", other, "--to", other_day)  # the two trade days
    now = _rota(sl)
    assert (day, station, other) in now and (other_day, station, free) in now
    assert sl.value("SELECT note FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id WHERE d.name = ? AND day = ?",
                    other, day).startswith("与")
    later = next(d for d, s, n in now if s == station and d > other_day and n != free)
    sl.ok("schedule", "swap", free, "--date", other_day, "--to", later)
    assert (later, station, free) in _rota(sl)
    assert "不是本站已排班的接待日" in sl.fails("schedule", "swap", free, "--date", later, "--to", "2027-12-30").output


def test_a_past_day_cannot_be_swapped(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2026", "--as-of", "2026-01-01")
    day, _, name = _rota(sl)[0]
    assert "已过去" in sl.fails("schedule", "swap", name, "--date", day, "--with", "代表00").output


def test_absent_lists_planned_deputies_without_attendance(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2026", "--as-of", "2026-01-01")
    q3 = [r for r in _rota(sl) if "2026-07-01" <= r[0] <= "2026-09-30"]
    day, station, name = q3[0]
    sl.ok("record", "visit", "--date", day, "--kind", "接待日", "--station", station, "--county", "沂源",
          "--deputy", name)
    rows = json.loads(sl.ok("schedule", "absent", "--quarter", "2026Q3", "-f", "json").stdout)
    listed = {(r["date"], r["deputy"]) for r in rows}
    assert (day, name) not in listed
    assert listed == {(d, n) for d, _, n in q3} - {(day, name)}
    since = json.loads(sl.ok("schedule", "absent", "--from", "2026-11-01", "--to", "2026-12-31",
                             "--as-of", "2026-11-29", "-f", "json").stdout)
    assert since and all("2026-11-01" <= r["date"] < "2026-11-29" for r in since)
    assert "只能给出一种" in sl.fails("schedule", "absent", "--quarter", "2026Q3", "--from", "2026-07-01").output


def test_absences_listed_and_cancelled(sl):
    _county(sl)
    sl.ok("deputy", "away", "代表03", "--from", "2027-05-01", "--to", "2027-05-20", "--reason", "住院治疗")
    rows = json.loads(sl.ok("deputy", "absences", "--year", "2027", "-f", "json").stdout)
    assert [(r["deputy"], r["start_on"], r["end_on"], r["reason"]) for r in rows] == [
        ("代表03", "2027-05-01", "2027-05-20", "住院治疗")]
    assert json.loads(sl.ok("deputy", "absences", "--year", "2026", "-f", "json").stdout) == []
    sl.ok("deputy", "away", "--cancel", str(rows[0]["id"]))
    assert sl.value("SELECT count(*) FROM deputy_absences") == 0
    sl.fails("deputy", "away", "--cancel", "99")


def test_an_absence_over_planned_days_warns(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2027")
    day, _, name = _rota(sl)[0]
    out = sl.ok("deputy", "away", name, "--from", day, "--to", day).output
    assert "已排班" in out and day in out


def test_rota_exports_to_excel(sl, tmp_path):
    _county(sl)
    target = tmp_path / "值班表.xlsx"
    sl.ok("schedule", "rota", "--year", "2027", "--dry-run", "--out", str(target))
    assert sl.value("SELECT count(*) FROM duty_rota") == 0  # a dry run writes no rota
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("值班代表" in (v or "") for row in values for v in row)
    assert any(isinstance(v, str) and "代表0" in v for row in values for v in row)


def test_on_duty_feeds_next_and_today(sl):
    from shuanglian_cli.store.db import open_db
    from shuanglian_cli.store.rota import on_duty

    _county(sl)
    sl.ok("schedule", "rota", "--year", "2027")
    day, station, _ = _rota(sl)[0]
    names = sorted(n for d, s, n in _rota(sl) if d == day and s == station)
    sid = sl.value("SELECT id FROM stations WHERE name = ?", station)
    db = open_db(sl.db)
    try:
        assert sorted(r["name"] for r in on_duty(db, sid, dt.date.fromisoformat(day))) == names
    finally:
        db.conn.close()
    nxt = json.loads(sl.ok("schedule", "next", "--as-of", day, "--days", "1", "-f", "json").stdout)
    assert sorted(next(r for r in nxt if r["station"] == station)["on_duty"]) == names
    today = sl.ok("today", "--as-of", day, "--county", "沂源").output
    assert "值班代表" in today and names[0] in today


@pytest.mark.parametrize("width", ["80"])
def test_demo_next_shows_who_is_on_duty_within_80_columns(demo, width):
    result = demo("schedule", "next", "--as-of", "2026-11-20", "--days", "30", env={"COLUMNS": width})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "值班代表" in result.stdout and max(len(line) for line in lines) > 0
    from shuanglian_cli.cli.layout import text_width

    assert all(text_width(line) <= 80 for line in lines)
    absent = json.loads(demo.ok("schedule", "absent", "--as-of", "2026-11-20", "--quarter", "2026Q3",
                                "-f", "json").stdout)
    assert absent and all(r["deputy"] for r in absent)
    assert demo.value("SELECT count(*) FROM deputy_absences") > 0


def test_csv_joins_names_and_a_planned_deputy_is_not_deleted(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2027", "--station", STATION)
    lines = sl.ok("schedule", "rota", "--year", "2027", "--dry-run", "-f", "csv").stdout.splitlines()
    assert lines[0].startswith("date,weekday,county,station_id,station,deputies,deputy_ids,kept")
    assert "、" in lines[1] and "[" not in lines[1]
    day, _, name = _rota(sl)[0]
    out = sl.fails("deputy", "remove", name).output
    assert "值班排班" in out
    assert sl.value("SELECT count(*) FROM deputies WHERE name = ?", name) == 1
