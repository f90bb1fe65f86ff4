"""Each deputy's yearly duties (issue 16 item 3): `sl deputy duties` on the demo against a recount from
the raw tables by this file's own SQL, the --term filter, the configured list, the same table in the
deputy archive and the year workbook, and the glossary."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import openpyxl
import pytest

from shuanglian_cli.domain import figures
from shuanglian_cli.domain.duties import Duty, Evidence, judge, quarters_due
from tests.conftest import Sl

AS_OF = ("--as-of", "2026-11-20")


def _duties(demo, *args) -> dict:
    return json.loads(demo.ok("deputy", "duties", *args, "--format", "json").output)


def _recount(demo, year: int, day: str) -> dict[int, dict]:
    """deputy id -> the four duties' counts, recomputed from the raw tables."""
    a, b = f"{year}-01-01", min(f"{year}-12-31", day)
    out: dict[int, dict] = {d: {"reception_days": 0, "quarters": [0, 0, 0, 0], "suggestions": 0, "report_back": 0,
                                "linked": 0}
                            for (d,) in demo.rows("SELECT id FROM deputies WHERE active = 1")}
    for d, n in demo.rows("""SELECT ad.deputy_id, count(*) FROM activity_deputies ad
                             JOIN activities a ON a.id = ad.activity_id
                             WHERE a.kind = '接待日' AND a.date BETWEEN ? AND ? GROUP BY 1""", a, b):
        out[d]["reception_days"] = n
    for d, n in demo.rows("SELECT deputy_id, count(*) FROM suggestions WHERE collected_on BETWEEN ? AND ? "
                          "AND deputy_id IS NOT NULL GROUP BY 1", a, b):
        out[d]["suggestions"] = n
    for d, n in demo.rows("SELECT deputy_id, count(*) FROM deputy_constituents WHERE year = ? GROUP BY 1", year):
        out[d]["linked"] = n
    contacts = defaultdict(set)
    for d, aid, date in demo.rows(
            """SELECT ad.deputy_id, a.id, a.date FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
               JOIN activity_constituents ac ON ac.activity_id = a.id
               WHERE a.date BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM deputy_constituents dc WHERE dc.year = ?
                     AND dc.deputy_id = ad.deputy_id AND dc.constituent_id = ac.constituent_id)""", a, b, year):
        contacts[(d, (int(date[5:7]) - 1) // 3)].add(aid)
    for (d, q), acts in contacts.items():
        out[d]["quarters"][q] = len(acts)
    # report-backs since the start of the term(s) held on the period's last day (the earliest), else the year
    since: dict[int, str] = {}
    for d, start in demo.rows(
            """SELECT s.deputy_id, min(t.starts_on) FROM seats s JOIN terms t ON t.id = s.term_id
               WHERE s.starts_on <= :b AND coalesce(s.ends_on, t.ends_on, '9999') >= :b
                 AND coalesce(t.ends_on, '9999') >= :b GROUP BY 1""", {"b": b}):
        since[d] = start
    for d, date in demo.rows("""SELECT ad.deputy_id, a.date FROM activity_deputies ad
                                JOIN activities a ON a.id = ad.activity_id WHERE a.kind = '述职' AND a.date <= ?""", b):
        if d in out and date >= since.get(d, a):
            out[d]["report_back"] += 1
    return out


@pytest.mark.parametrize("year, day", [(2025, "2026-11-20"), (2026, "2026-11-20"), (2025, "2025-08-15")])
def test_duties_print_the_recount(demo, year, day):
    data = _duties(demo, "--year", str(year), "--as-of", day)
    recount = _recount(demo, year, day)
    assert data["summary"]["deputies"] == len(recount) == 420
    due = quarters_due(year, dt.date.fromisoformat(day))
    met_all = 0
    for row in data["deputies"]:
        r = recount[row["deputy_id"]]
        assert row["reception_days"]["count"] == r["reception_days"] == len(row["reception_days"]["dates"])
        assert row["suggestions"]["count"] == r["suggestions"]
        assert row["report_back"]["count"] == r["report_back"]
        assert row["quarterly_contact"]["by_quarter"] == r["quarters"]
        quarters_met = sum(1 for n in r["quarters"][:due] if n >= 1)
        if r["linked"]:
            assert row["quarterly_contact"]["met"] == (quarters_met == due)
        else:
            assert row["quarterly_contact"]["met"] is None
        everything = (r["reception_days"] >= 1 and r["suggestions"] >= 1 and r["report_back"] >= 1
                      and (not r["linked"] or quarters_met == due))
        assert row["met_all"] == everything
        met_all += everything
    assert data["summary"]["deputies_met_all"] == met_all


def test_report_backs_count_from_the_start_of_the_term(demo):
    """The demo's 述职 are all in 2025: in 2026 they still count for a deputy seated since 2021."""
    rows = {r["deputy_id"]: r for r in _duties(demo, "--year", "2026", *AS_OF)["deputies"]}
    reporter = demo.value("""SELECT ad.deputy_id FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
                             JOIN seats s ON s.deputy_id = ad.deputy_id WHERE a.kind = '述职' ORDER BY 1 LIMIT 1""")
    start = demo.value("SELECT min(t.starts_on) FROM seats s JOIN terms t ON t.id = s.term_id "
                       "WHERE s.deputy_id = ? AND t.closed = 0", reporter)
    assert rows[reporter]["report_back"]["met"] is True
    assert rows[reporter]["report_back"]["since"] == start <= "2021-12-28"
    assert all(d.startswith("2025") for d in rows[reporter]["report_back"]["dates"])


def test_the_term_filter_keeps_the_deputies_seated_in_that_year(demo):
    current = _duties(demo, "--year", "2025", "--term", "沂源县第十八届", *AS_OF)
    assert current["term"] == "沂源县第十八届人民代表大会"
    assert {r["deputy_id"] for r in current["deputies"]} == {r[0] for r in demo.rows(
        "SELECT deputy_id FROM seats s JOIN terms t ON t.id = s.term_id WHERE t.name = ?", current["term"])}
    assert all(r["report_back"]["since"] == "2021-12-28" for r in current["deputies"])
    assert _duties(demo, "--year", "2025", "--term", "沂源县第十七届", *AS_OF)["deputies"] == []  # it ended in 2021
    table = demo.ok("deputy", "duties", "--year", "2025", "--term", "沂源县第十八届", "--unmet", *AS_OF).output
    assert "共 150 名代表" in table and "季度联系" in table


def test_a_configured_list_changes_the_duties_and_a_bad_one_is_refused(demo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("duties:\n  - {kind: reception_days, at_least: 3}\n  - {kind: suggestions, at_least: 5}\n",
                      encoding="utf-8")
    custom = Sl(demo.db, config)
    data = json.loads(custom.ok("deputy", "duties", "--year", "2025", *AS_OF, "--format", "json").output)
    assert [d["kind"] for d in data["duties"]] == ["reception_days", "suggestions"]
    recount = _recount(demo, 2025, "2026-11-20")
    assert data["summary"]["deputies_met_all"] == sum(
        1 for r in recount.values() if r["reception_days"] >= 3 and r["suggestions"] >= 5)
    csv_out = custom.ok("deputy", "duties", "--year", "2025", *AS_OF, "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("deputy,county,reception_days_met,reception_days_count,")
    for bad, reason, line in (("  - {kind: attend_congress, at_least: 1}\n", "没有“attend_congress”", 2),
                              ("  - {kind: suggestions, at_least: 0}\n", "正整数", 2),
                              ("  - {kind: suggestions}\n  - {kind: suggestions}\n", "写了两次", 3)):
        config.write_text("duties:\n" + bad, encoding="utf-8")
        result = custom.fails("deputy", "duties", "--year", "2025")
        assert "duties" in result.output and reason in result.output and f"第 {line} 行" in result.output


def test_the_archive_and_the_year_workbook_carry_the_same_table(demo, tmp_path):
    table = {r["deputy_id"]: r for r in _duties(demo, "--year", "2025", *AS_OF)["deputies"]}
    seated = {r[0] for r in demo.rows("SELECT deputy_id FROM seats s JOIN terms t ON t.id = s.term_id "
                                      "WHERE t.name = '沂源县第十八届人民代表大会' AND s.starts_on < '2022'")}
    deputy = next(d for d, r in table.items() if r["reception_days"]["count"] and r["suggestions"]["count"]
                  and d in seated)
    archive = json.loads(demo.ok("deputy", "archive", str(deputy), "--year", "2025", *AS_OF, "--format", "json").output)
    (year_row,) = archive["duties"]
    assert year_row["year"] == 2025
    for kind in ("reception_days", "quarterly_contact", "suggestions", "report_back"):
        assert year_row[kind] == table[deputy][kind]
    xlsx = tmp_path / "archive.xlsx"
    demo.ok("deputy", "archive", str(deputy), "--year", "2025", *AS_OF, "--xlsx", str(xlsx))
    sheet = list(openpyxl.load_workbook(xlsx)["履职要求"].values)
    assert sheet[0][0] == "年度" and sheet[1][0] == 2025 and sheet[1][-1] == ("是" if table[deputy]["met_all"] else "否")
    # the whole term: one row a year, from the seat's first year to the as-of day's
    term_archive = json.loads(demo.ok("deputy", "archive", str(deputy), "--term", "沂源县第十八届", *AS_OF,
                                      "--format", "json").output)
    assert term_archive["term"]["seat_starts_on"] == "2021-12-28"
    assert [r["year"] for r in term_archive["duties"]] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert term_archive["summary"]["activities"] == int(demo.value(
        "SELECT count(*) FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id "
        "WHERE ad.deputy_id = ? AND a.date BETWEEN '2021-12-28' AND '2026-12-28'", deputy))
    assert term_archive["summary"]["activities"] > archive["summary"]["activities"]

    book = tmp_path / "year.xlsx"
    demo.ok("export", "year", "2025", "--county", "yiyuan", *AS_OF, "--out", str(book))
    rows = [r for r in openpyxl.load_workbook(book)["代表履职"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(rows) == 420
    assert sum(1 for r in rows if r[-1] == "是") == sum(1 for r in table.values() if r["met_all"])


def test_a_deputy_not_seated_in_the_term_has_no_term_archive(demo):
    outsider = demo.value("SELECT id FROM deputies WHERE levels = '镇' ORDER BY id LIMIT 1")
    assert "没有在" in demo.fails("deputy", "archive", str(outsider), "--term", "沂源县第十八届").output


def test_duties_print_exactly_the_glossary(demo):
    data = _duties(demo, "--year", "2025", *AS_OF)
    glossary = {f.key for f in figures.for_output(figures.DUTIES)}
    printed = set(data["summary"]) | {k for k in data["deputies"][0] if isinstance(data["deputies"][0][k], dict)}
    assert printed == glossary
    assert set(data["deputies"][0]) - printed == figures.META[figures.DUTIES]


def test_the_quarter_rule():
    duty = Duty("quarterly_contact", 1)
    ev = Evidence(contacts_by_quarter=[1, 0, 2, 1], linked=6)
    past = judge(duty, ev, 2025, dt.date(2026, 1, 5))
    assert (past["met"], past["count"], past["required"]) == (False, 3, 4)
    # on 20 November: three quarters are over, the fourth counts because it is met already
    assert judge(duty, Evidence(contacts_by_quarter=[1, 1, 1, 1], linked=6), 2026, dt.date(2026, 11, 20))["met"]
    running = judge(duty, Evidence(contacts_by_quarter=[1, 1, 1, 0], linked=6), 2026, dt.date(2026, 11, 20))
    assert (running["met"], running["count"], running["required"]) == (True, 3, 3)
    assert judge(duty, Evidence(), 2025, dt.date(2026, 1, 5))["met"] is None  # no linked constituents
