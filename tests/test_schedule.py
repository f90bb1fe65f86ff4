"""sl schedule next|missed and the rule dates behind them."""

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from shuanglian_cli.domain.schedule import occurrences, parse_rule
from shuanglian_cli.domain.workdays import build_calendar

CAL = build_calendar()


def test_holiday_shift_moves_or_skips():
    rules = parse_rule("每月1日")
    # 2026-10-01 is National Day: next working day is 2026-10-09 (10-01..10-08 off... per the notice)
    nxt = occurrences(rules, dt.date(2026, 9, 25), dt.date(2026, 10, 31), CAL, "next")
    assert len(nxt) == 1 and nxt[0].nominal == dt.date(2026, 10, 1) and CAL.is_workday(nxt[0].day)
    assert nxt[0].day > dt.date(2026, 10, 1)
    prev = occurrences(rules, dt.date(2026, 9, 25), dt.date(2026, 10, 31), CAL, "previous")
    assert prev[0].day < dt.date(2026, 10, 1) and CAL.is_workday(prev[0].day)
    assert occurrences(rules, dt.date(2026, 9, 25), dt.date(2026, 10, 31), CAL, "skip") == []


@given(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 1)), st.sampled_from(["next", "previous", "skip"]),
       st.sampled_from(["每周四", "每月双周周四", "隔周周二", "每月第2周周四", "每月15日"]))
def test_occurrences_are_working_days_in_window(start, shift, text):
    end = start + dt.timedelta(days=40)
    days = [o.day for o in occurrences(parse_rule(text), start, end, CAL, shift)]
    assert days == sorted(set(days))
    assert all(start <= d <= end and CAL.is_workday(d) for d in days)


def test_next_on_demo(demo):
    rows = json.loads(demo.ok("schedule", "next", "--days", "30", "--as-of", "2026-11-20", "-f", "json").output)
    dated = [r for r in rows if r["date"]]
    assert dated and all("2026-11-20" <= r["date"] <= "2026-12-19" for r in dated)
    assert {r["rule"] for r in dated} >= {"每月双周周四", "每月15日"}
    one = json.loads(demo.ok("schedule", "next", "--station", "历山街道人大代表", "--as-of", "2026-11-20", "-f", "json").output)
    assert one and {r["station"] for r in one} == {"历山街道人大代表民情联络站"}


def test_missed_and_a_recorded_day_is_no_longer_missed(demo):
    rows = json.loads(demo.ok("schedule", "missed", "-q", "2026Q3", "--as-of", "2026-11-20", "-f", "json").output)
    fixed = [r for r in rows if r["rule"] != "每季度至少1次"]
    assert fixed
    first = fixed[0]
    demo.ok("record", "visit", "-d", first["date"], "-k", "接待日", "-s", str(first["station_id"]),
            "--as-of", "2026-11-20")
    again = json.loads(demo.ok("schedule", "missed", "-q", "2026Q3", "--as-of", "2026-11-20", "-f", "json").output)
    assert len(again) == len(rows) - 1
    assert (first["date"], first["station_id"]) not in {(r["date"], r["station_id"]) for r in again}


def test_quarterly_minimum_reported_only_after_the_quarter(sl):
    import sqlite3

    conn = sqlite3.connect(sl.db)
    conn.execute("INSERT INTO stations (county_id, kind, name, schedule) VALUES (8, '站', '甲站', '每季度至少2次')")
    conn.execute("INSERT INTO activities (county_id, station_id, date, kind) VALUES (8, 1, '2026-08-03', '接待日')")
    conn.commit()
    conn.close()
    during = json.loads(sl.ok("schedule", "missed", "-q", "2026Q3", "--as-of", "2026-09-01", "-f", "json").output)
    assert during == []
    after = json.loads(sl.ok("schedule", "missed", "-q", "2026Q3", "--as-of", "2026-10-10", "-f", "json").output)
    assert len(after) == 1 and "只开展了 1 次" in after[0]["note"]
    nxt = json.loads(sl.ok("schedule", "next", "--as-of", "2026-09-01", "-f", "json").output)
    assert nxt[0]["due_by"] == "2026-09-30" and "还需 1 次" in nxt[0]["note"]


def test_bad_rule_is_skipped_with_a_warning(sl):
    import sqlite3

    conn = sqlite3.connect(sl.db)
    conn.execute("INSERT INTO stations (county_id, kind, name, schedule) VALUES (8, '站', '乙站', '每逢初一')")
    conn.commit()
    conn.close()
    r = sl.ok("schedule", "next", "--as-of", "2026-09-01")
    assert "无法识别" in r.output
