"""sl stats quarter|year and the period_stats contract."""

import datetime as dt
import json

from shuanglian_cli.store.db import open_db
from shuanglian_cli.store.stats import period_stats

AS_OF = ("--as-of", "2026-11-20")


def test_yiyuan_2025_matches_the_article(demo):
    data = json.loads(demo.ok("stats", "year", "2025", "--county", "yiyuan", "--format", "json", *AS_OF).output)
    assert (data["deputy_attendances"], data["suggestions"], data["on_spot"], data["referred"],
            data["inter_session"]) == (793, 1160, 662, 460, 38)
    for key in ("activities", "constituent_attendances", "closed", "closed_on_time", "satisfaction_rate",
                "stations", "points", "activities_by_kind"):
        assert key in data
    assert data["stations"] == 13 and data["points"] == 19
    assert sum(data["activities_by_kind"].values()) == data["activities"]
    assert data["closed_on_time"] <= data["closed"] <= data["referred"]
    assert 0.9 < data["satisfaction_rate"] <= 1


def test_stats_follow_a_new_visit(demo):
    before = json.loads(demo.ok("stats", "quarter", "2026Q4", "-c", "沂源", "-f", "json", *AS_OF).output)
    demo.ok("record", "visit", "-d", "2026-11-18", "-k", "接待日", "-s", "1", "--deputy", "1", "--deputy", "2",
            "--new-constituent", "甲乙丙,13905331111,x", "--headcount", "4",
            "--opinion", "a｜现场解答", "--opinion", "b｜交办:县水利局", "--opinion", "c｜闭会", *AS_OF)
    after = json.loads(demo.ok("stats", "quarter", "2026Q4", "-c", "沂源", "-f", "json", *AS_OF).output)
    diff = {k: after[k] - before[k] for k in ("activities", "deputy_attendances", "constituent_attendances",
                                             "suggestions", "on_spot", "referred", "inter_session")}
    assert diff == {"activities": 1, "deputy_attendances": 2, "constituent_attendances": 5, "suggestions": 3,
                    "on_spot": 1, "referred": 1, "inter_session": 1}
    assert after["activities_by_kind"]["接待日"] == before["activities_by_kind"]["接待日"] + 1


def test_period_stats_contract_and_as_of(demo):
    db = open_db(demo.db)
    full = period_stats(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31), None, dt.date(2026, 11, 20))
    early = period_stats(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31), None, dt.date(2025, 6, 30))
    collected_by_june = db.execute(
        "SELECT count(*) FROM suggestions WHERE collected_on BETWEEN '2025-01-01' AND '2025-06-30'").fetchone()[0]
    db.conn.close()
    assert full["suggestions"] == 1160
    assert early["suggestions"] == collected_by_june < 1160  # as of the day asked: later ones did not exist yet
    assert early["activities"] < full["activities"]
    assert early["closed"] < full["closed"]  # judged as of the day asked
    assert early["open_referred"] > 0


def test_table_csv_and_other_counties(demo):
    r = demo.ok("stats", "year", "2025", "-c", "yiyuan", *AS_OF)
    assert "代表参加（人次）" in r.output and "793" in r.output
    csv_out = demo.ok("stats", "year", "2025", "-f", "csv", *AS_OF).output.splitlines()
    assert csv_out[0] == "key,label,value" and "deputy_attendances,代表参加（人次）,793" in csv_out
    empty = json.loads(demo.ok("stats", "year", "2025", "-c", "zhangdian", "-f", "json", *AS_OF).output)
    assert empty["activities"] == 0 and empty["satisfaction_rate"] is None
    by = json.loads(demo.ok("stats", "year", "2025", "--by-county", "-f", "json", *AS_OF).output)
    assert [c["county"] for c in by["counties"]] == ["沂源县"]


def test_bad_periods(demo):
    assert "季度“2026Q5”无法识别" in demo.fails("stats", "quarter", "2026Q5").output
    assert "年份“二五”无法识别" in demo.fails("stats", "year", "二五").output
    assert "找不到" in demo.fails("stats", "year", "2025", "-c", "火星").output
