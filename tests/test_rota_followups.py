"""Follow-ups on the duty rota (issue 16): a deputy leaving (marked inactive, or left without a seat by an
election) gives up their future duty days, audited, and the days now short are named; re-planning keeps
the future swaps still valid and lists those dropped; `sl audit --record` knows the rota's kinds."""

from __future__ import annotations

import csv
import json

from tests.test_rota_cli import STATION, _county, _rota

TODAY = "2026-11-29"  # SL_TODAY of the tests


def _days_of(sl, name: str) -> list[str]:
    return [d for d, _, n in _rota(sl) if n == name]


def test_a_deputy_marked_inactive_gives_up_future_days_only(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2026", "--as-of", "2026-01-01")
    days = _days_of(sl, "代表01")
    past, future = [d for d in days if d <= TODAY], [d for d in days if d > TODAY]
    assert past and future
    others = {d: [n for dd, _, n in _rota(sl) if dd == d and n != "代表01"] for d in future}
    future_ids = [i for (i,) in sl.rows("SELECT r.id FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id "
                                         "WHERE d.name = '代表01' AND r.day > ?", TODAY)]

    out = sl.ok("deputy", "edit", "代表01", "--inactive").output
    assert _days_of(sl, "代表01") == past  # history stays
    assert f"已取消 代表01 今后的 {len(future)} 天值班" in out
    for d in future:  # every freed day is below the 3 a day of the default config
        assert f"{d} " in out and f"值班代表只剩 {len(others[d])} 人（每天应有 3 人）" in out
        assert [n for dd, _, n in _rota(sl) if dd == d] == others[d]
    assert "sl schedule rota --station" in out
    # audited: each removed row has its delete entry, found by --record rota:N and by the deputy
    entries = json.loads(sl.ok("audit", "--record", f"rota:{future_ids[0]}", "--format", "json").output)
    assert [e["action"] for e in entries][-1] == "delete"
    by_deputy = json.loads(sl.ok("audit", "--record", f"deputy:{sl.value('SELECT id FROM deputies WHERE name = ?', '代表01')}",
                                 "--format", "json", "-n", "0").output)
    assert {e["record_id"] for e in by_deputy if e["table_name"] == "duty_rota" and e["action"] == "delete"} == set(future_ids)

    # an edit that does not make anyone inactive frees nothing
    before = _rota(sl)
    assert "已取消" not in sl.ok("deputy", "edit", "代表02", "--work-unit", "某单位").output
    assert _rota(sl) == before


def test_replanning_keeps_valid_swaps_and_lists_those_dropped(sl):
    _county(sl)
    sl.ok("schedule", "rota", "--year", "2027", "--per-day", "1")
    rows = _rota(sl)
    (day1, st1, first), (day2, st2, second) = rows[0], next(r for r in rows[1:] if r[1] == rows[0][1] and r[2] != rows[0][2])
    taker1 = next(f"代表{i:02d}" for i in range(8) if f"代表{i:02d}" not in (first, second))
    taker2 = next(f"代表{i:02d}" for i in range(8) if f"代表{i:02d}" not in (first, second, taker1))
    sl.ok("schedule", "swap", first, "--date", day1, "--with", taker1)
    sl.ok("schedule", "swap", second, "--date", day2, "--with", taker2)
    kept_id = sl.value("SELECT r.id FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id WHERE d.name = ? AND day = ?",
                       taker1, day1)
    sl.ok("deputy", "away", taker2, "--from", day2, "--to", day2)  # the second swap is no longer valid

    out = sl.ok("schedule", "rota", "--year", "2027", "--per-day", "1")
    assert (day1, st1, taker1) in _rota(sl)
    assert sl.value("SELECT note FROM duty_rota WHERE id = ?", kept_id).startswith("与")  # the same row, untouched
    assert "换班不再有效" in out.output and f"{day2} {st2} {taker2}（代表当天请假）" in out.output
    assert (day2, st2, taker2) not in _rota(sl)
    assert "今后仍有效的换班 1 人次" in out.output
    # the swap counts toward the taker's year: no second day in the same gap window, one place a day
    assert [n for d, s, n in _rota(sl) if d == day1 and s == st1] == [taker1]

    # a swap whose deputy left the roster is dropped too (their days were freed already: nothing kept)
    sl.ok("deputy", "edit", taker1, "--inactive")
    assert (day1, st1, taker1) not in _rota(sl)
    again = sl.ok("schedule", "rota", "--year", "2027", "--per-day", "1", "--dry-run").output
    assert "今后仍有效的换班" not in again


def test_an_election_frees_the_days_of_those_left_without_a_seat(sl, tmp_path):
    _county(sl)
    sl.ok("term", "add", "--county", "沂源", "--number", "18", "--from", "2021-12-28", "--seat-active")
    seated = dict(sl.rows("SELECT d.name, d.id FROM seats s JOIN deputies d ON d.id = s.deputy_id"))
    leaver, staying = sorted(seated)[0], sorted(seated)[1:]
    sl.ok("schedule", "rota", "--year", "2027", "--per-day", "2")
    assert _days_of(sl, leaver)
    sl.ok("term", "add", "--county", "沂源", "--number", "19", "--from", "2026-12-28")
    roster = tmp_path / "第十九届.csv"
    with roster.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "代表层级", "县区", "所属联络站"])
        for name in staying:
            w.writerow([name, sl.value("SELECT levels FROM deputies WHERE name = ?", name), "沂源县", STATION])
    dry = sl.ok("import", "deputies", str(roster), "--term", "沂源县第十九届", "--dry-run").output
    assert "（试导入，未保存）已取消" in dry and _days_of(sl, leaver)
    out = sl.ok("import", "deputies", str(roster), "--term", "沂源县第十九届").output
    assert f"已取消 {leaver} 今后的" in out and _days_of(sl, leaver) == []
    assert all(_days_of(sl, n) for n in staying)


def test_audit_record_kinds_of_the_rota_terms_and_slips(sl):
    _county(sl, deputies=3)
    sl.ok("deputy", "away", "代表01", "--from", "2027-01-01", "--to", "2027-01-31")
    sl.ok("term", "add", "--county", "沂源", "--number", "18", "--from", "2021-12-28", "--seat-active")
    kinds = sl.fails("audit", "--record", "nope:1").output
    for kind in ("rota", "absence", "term", "seat", "slip"):
        assert kind in kinds
    absence = json.loads(sl.ok("audit", "--record", "absence:1", "--format", "json").output)
    assert [(e["table_name"], e["action"]) for e in absence] == [("deputy_absences", "insert")]
    term = json.loads(sl.ok("audit", "--record", "term:1", "--format", "json").output)
    assert ("terms", "insert") in {(e["table_name"], e["action"]) for e in term}
    assert {e["table_name"] for e in term} == {"terms", "seats"}  # its seats, found through their term_id
    seat = json.loads(sl.ok("audit", "--record", "seat:1", "--format", "json").output)
    assert [e["table_name"] for e in seat] == ["seats"]


def test_a_deputy_moved_to_another_station_gives_up_days_outside_its_group(sl):
    _county(sl)
    sl.ok("station", "add", "另一镇人大代表民情联络站", "--county", "沂源", "--kind", "站", "--schedule", "每月双周周二")
    sl.ok("schedule", "rota", "--year", "2026", "--as-of", "2026-01-01")
    days = _days_of(sl, "代表01")
    past, future = [d for d in days if d <= TODAY], [d for d in days if d > TODAY]
    assert past and future
    # a move inside the group (station -> its point) keeps every day
    from tests.test_rota_cli import POINT

    assert "已取消" not in sl.ok("deputy", "edit", "代表01", "--station", POINT).output
    assert _days_of(sl, "代表01") == days
    out = sl.ok("deputy", "edit", "代表01", "--station", "另一镇人大代表民情联络站").output
    assert f"已取消 代表01 今后的 {len(future)} 天值班" in out
    assert _days_of(sl, "代表01") == past
