"""Terms of office (届次, issue 16 item 2): the demo's terms and seats, adding and closing terms, and an
election: a new term's roster imported with `sl import deputies --term`, carrying deputies over with
their history intact, ending the others' seats and listing their links to re-plan; the refusals."""

from __future__ import annotations

import csv
import json

import pytest

from shuanglian_cli.domain.terms import chinese_number, overlap, seat_end, term_name

CURRENT = "沂源县第十八届人民代表大会"
PAST = "沂源县第十七届人民代表大会"
NEXT_START = "2026-12-28"  # the demo's current county term ends that day: the next one may begin on it


def _terms(sl) -> dict[str, dict]:
    return {t["name"]: t for t in json.loads(sl.ok("term", "list", "--format", "json").output)}


def _roster_file(demo, path, deputy_ids: list[int], extra: list[tuple] = ()) -> None:
    """A roster file of these deputies as the office would get it (name, phone, ...), plus new people."""
    marks = ", ".join("?" * len(deputy_ids))
    people = demo.rows(f"""SELECT d.name, coalesce(d.sex, ''), d.phone, d.work_unit, d.levels, t.name
                           FROM deputies d LEFT JOIN towns t ON t.id = d.town_id WHERE d.id IN ({marks})
                           ORDER BY d.id""", *deputy_ids)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "性别", "联系电话", "工作单位及职务", "代表层级", "县区", "镇街"])
        for name, sex, phone, unit, levels, town in [*people, *extra]:
            w.writerow([name, sex, phone, unit, levels, "沂源县", town])


def test_names_and_overlap_rules():
    assert [chinese_number(n) for n in (1, 10, 18, 20, 21, 99)] == ["一", "十", "十八", "二十", "二十一", "九十九"]
    assert term_name("沂源县", 18) == CURRENT
    assert not overlap("2021-12-28", "2026-12-28", "2026-12-28", "2031-12-28")  # the handover day is shared
    assert overlap("2021-12-28", "2026-12-28", "2026-12-27", None)
    assert overlap("2021-12-28", None, "2030-01-01", "2035-01-01")  # an open end runs on
    assert seat_end(None, "2026-12-28") == "2026-12-28" and seat_end("2024-05-01", "2026-12-28") == "2024-05-01"


def test_the_demo_has_a_past_and_a_current_term_with_seats(demo):
    terms = _terms(demo)
    assert terms[CURRENT]["starts_on"] == "2021-12-28" and terms[CURRENT]["ends_on"] == NEXT_START
    assert terms[PAST]["closed"] is True and terms[PAST]["ends_on"] == terms[CURRENT]["starts_on"]
    county_deputies = demo.value("SELECT count(*) FROM deputies WHERE (',' || levels || ',') LIKE '%,县,%'")
    assert terms[CURRENT]["seats"] == county_deputies == 150
    assert 0 < terms[PAST]["seats"] < county_deputies
    assert len([t for t in terms.values() if t["level"] == "镇"]) == 13  # 12 towns' current terms + one past one
    # the rosters by term are the seats
    listed = json.loads(demo.ok("deputy", "list", "--term", "第十七届", "--format", "json").output)
    assert {d["id"] for d in listed} == {r[0] for r in demo.rows(
        "SELECT deputy_id FROM seats s JOIN terms t ON t.id = s.term_id WHERE t.name = ?", PAST)}
    ranked = json.loads(demo.ok("deputy", "rank", "--year", "2025", "--term", "南麻街道第十九届", "--format", "json").output)
    assert {r["deputy_id"] for r in ranked} == {r[0] for r in demo.rows(
        "SELECT deputy_id FROM seats s JOIN terms t ON t.id = s.term_id WHERE t.name = '南麻街道第十九届人民代表大会'")}
    assert "沂源县第十七届人民代表大会代表名册" in demo.ok("deputy", "list", "--term", "17").output


def test_adding_a_term_that_overlaps_one_of_the_same_congress_is_refused(demo):
    before = demo.value("SELECT count(*) FROM terms")
    result = demo.fails("term", "add", "--county", "沂源", "--number", "19", "--from", "2026-06-01")
    assert "时间重叠" in result.output and CURRENT in result.output and "sl term close" in result.output
    demo.fails("term", "add", "--county", "沂源", "--number", "18", "--from", "2031-01-01")  # the name exists
    demo.fails("term", "add", "--county", "沂源", "--level", "镇", "--number", "20", "--from", NEXT_START)  # no town
    demo.fails("term", "add", "--county", "沂源", "--number", "19", "--from", "2027-01-01", "--to", "2026-01-01")
    assert demo.value("SELECT count(*) FROM terms") == before
    # another congress may overlap: a town's, and the county's next term from the handover day
    demo.ok("term", "add", "--county", "沂源", "--town", "悦庄镇", "--number", "20", "--from", NEXT_START)
    out = demo.ok("term", "add", "--county", "沂源", "--number", "19", "--from", NEXT_START).output
    assert "沂源县第十九届人民代表大会" in out and "2031-12-28" in out  # five years by default


def _archive(demo, deputy_id: int, year: int) -> dict:
    return json.loads(demo.ok("deputy", "archive", str(deputy_id), "--year", str(year), "--format", "json").output)


def test_an_election_carries_deputies_over_and_ends_the_others_seats(demo, tmp_path):
    current = demo.rows("SELECT s.deputy_id FROM seats s JOIN terms t ON t.id = s.term_id WHERE t.name = ? "
                        "ORDER BY s.deputy_id", CURRENT)
    ids = [r[0] for r in current]
    leavers, staying = ids[:5], ids[5:]
    carried = staying[0]
    # a leaver already linked for next year: that link must be planned again
    member = demo.value("SELECT m.name FROM member_deputies md JOIN members m ON m.id = md.member_id "
                        "WHERE md.deputy_id = ? AND md.year = 2026", leavers[0])
    demo.ok("link", "add", "--year", "2027", "--member", member, "--deputy", str(leavers[0]))
    history = {d: _archive(demo, d, 2025) for d in (carried, leavers[0])}
    stats = demo.ok("stats", "year", "2025", "--county", "沂源", "--format", "json").output
    deputies_before = demo.value("SELECT count(*) FROM deputies")

    demo.ok("term", "add", "--county", "沂源", "--number", "19", "--from", NEXT_START)
    roster = tmp_path / "第十九届代表名册.csv"
    _roster_file(demo, roster, staying, extra=[("新当选甲", "男", "13912345678", "县某局", "县", "南麻街道")])
    dry = demo.ok("import", "deputies", str(roster), "--term", "沂源县第十九届", "--dry-run").output
    assert "将新任职 146 名" in dry and demo.value("SELECT count(*) FROM seats s JOIN terms t ON t.id = s.term_id "
                                                  "WHERE t.number = 19 AND t.level = '县'") == 0
    out = demo.ok("import", "deputies", str(roster), "--term", "沂源县第十九届").output

    assert "已新任职 146 名，其中连任 145 名" in out and "未连任 5 名" in out
    names = dict(demo.rows("SELECT id, name FROM deputies"))
    assert all(names[d] in out for d in leavers)
    assert "需要重新安排的联系关系（1 条" in out and member in out  # the 2027 link; 2026's is a year mostly served
    # the carried deputy: the same row, a seat in both terms
    assert demo.value("SELECT count(*) FROM deputies") == deputies_before + 1
    assert [r[0] for r in demo.rows("SELECT t.name FROM seats s JOIN terms t ON t.id = s.term_id "
                                    "WHERE s.deputy_id = ? AND t.level = '县' ORDER BY t.starts_on", carried)][-2:] == \
        [CURRENT, "沂源县第十九届人民代表大会"]
    # the leavers: no seat in the new term, their seat in the old one ends on its first day
    new_roster = {d["id"] for d in json.loads(demo.ok("deputy", "list", "--term", "沂源县第十九届", "--format", "json").output)}
    assert not new_roster & set(leavers) and carried in new_roster and len(new_roster) == 146
    ends = demo.rows(f"""SELECT coalesce(s.ends_on, t.ends_on) FROM seats s JOIN terms t ON t.id = s.term_id
                         WHERE t.name = ? AND s.deputy_id IN ({', '.join('?' * 5)})""", CURRENT, *leavers)
    assert {e for (e,) in ends} == {NEXT_START}
    # history intact: the past year's archives and figures are what they were
    for d, before in history.items():
        assert _archive(demo, d, 2025) == before
    assert demo.ok("stats", "year", "2025", "--county", "沂源", "--format", "json").output == stats

    # closing the old term while that 2027 link names a leaver: refused, nothing written
    refused = demo.fails("term", "close", CURRENT)
    assert "2027 年 联系代表" in refused.output and names[leavers[0]] in refused.output
    assert demo.value("SELECT closed FROM terms WHERE name = ?", CURRENT) == 0
    demo.ok("link", "remove", "--year", "2027", "--member", member, "--deputy", str(leavers[0]))
    assert "已于 2026-12-28 结束" in demo.ok("term", "close", CURRENT).output
    assert demo.value("SELECT closed FROM terms WHERE name = ?", CURRENT) == 1
    demo.fails("term", "close", CURRENT)  # already closed


def test_closing_a_term_early_refuses_links_of_later_years_and_ends_its_seats(demo):
    term_id = demo.value("SELECT id FROM terms WHERE name = '南麻街道第十九届人民代表大会'")
    # every town deputy of 南麻 has 2026 links: closing before 1 July 2026 would leave them without a deputy
    result = demo.fails("term", "close", str(term_id), "--on", "2026-03-31")
    assert "联系群众" in result.output and "……共" in result.output
    assert demo.value("SELECT count(*) FROM seats WHERE term_id = ? AND ends_on IS NOT NULL", term_id) == 0
    demo.fails("term", "close", str(term_id), "--on", "2016-01-01")  # before it began
    demo.ok("term", "add", "--town", "南麻街道", "--county", "沂源", "--number", "20", "--from", "2026-12-20")
    assert "晚于下一届" in demo.fails("term", "close", str(term_id), "--on", "2027-01-05").output
    # after 1 July the year is mostly served: the 2026 links stay as its record
    demo.ok("term", "close", str(term_id), "--on", "2026-07-15")
    assert demo.value("SELECT count(*) FROM seats WHERE term_id = ? AND ends_on = '2026-07-15'", term_id) == \
        demo.value("SELECT count(*) FROM seats WHERE term_id = ?", term_id) > 0


@pytest.mark.parametrize("args, message", [
    (("import", "deputies", "ROSTER", "--term", "第九十届"), "没有名为"),
    (("import", "deputies", "ROSTER", "--term", "第十九届"), "对应多个届次"),  # the towns' 19th terms
    (("term", "add", "--county", "沂源", "--number", "19", "--from", "2026-02-30"), "不存在"),
    (("term", "add", "--county", "沂源", "--level", "市", "--number", "19", "--from", "2027-01-01"), "无法识别"),
    (("deputy", "list", "--term", "nope"), "没有名为"),
])
def test_bad_input_is_refused_with_nothing_written(demo, tmp_path, args, message):
    roster = tmp_path / "r.csv"
    _roster_file(demo, roster, [1, 2])
    before = demo.rows("SELECT * FROM seats"), demo.rows("SELECT * FROM terms")
    result = demo.fails(*[str(roster) if a == "ROSTER" else a for a in args])
    assert message in result.output
    assert (demo.rows("SELECT * FROM seats"), demo.rows("SELECT * FROM terms")) == before


def test_seat_active_seats_the_roster_of_a_new_database(sl):
    sl.ok("county", "add-town", "沂源", "南麻街道")
    sl.ok("deputy", "add", "张三", "--county", "沂源", "--level", "县", "--town", "南麻街道")
    sl.ok("deputy", "add", "李四", "--county", "沂源", "--level", "镇", "--town", "南麻街道")
    out = sl.ok("term", "add", "--county", "沂源", "--town", "南麻街道", "--number", "19", "--from", "2021-12-20",
                "--seat-active").output
    assert "南麻街道第十九届人民代表大会" in out and "1 名" in out
    assert [r[0] for r in sl.rows("SELECT d.name FROM seats s JOIN deputies d ON d.id = s.deputy_id")] == ["李四"]
    # a deputy with a seat is part of the record: removing them is refused like any other history
    assert "届次席位" in sl.fails("deputy", "remove", "李四").output
