"""Issue 13's leftovers: the fold of a day holding a return and the referral after it, the city table's
figures per activity kind as of a day, a bundle already received read only for its acknowledgements."""

from __future__ import annotations

import json

from shuanglian_cli.domain.fold import fold
from tests.conftest import Sl


def _event(kind: str, on: str, gid: str, **extra) -> dict:
    return {"kind": kind, "on_date": on, "origin": "YIYUAN", "gid": gid, **extra}


def test_a_return_and_the_referral_after_it_on_one_day_are_no_conflict():
    events = [_event("collect", "2026-03-02", "e1"),
              _event("refer", "2026-03-03", "e2", department_id=1, limit_workdays=15, due_on="2026-03-24"),
              _event("return", "2026-03-05", "e3", department_id=1),
              _event("refer", "2026-03-05", "e4", department_id=2, limit_workdays=15, due_on="2026-03-26"),
              _event("reply", "2026-03-20", "e5", note="已办理")]
    state, unusable = fold(events)
    assert unusable == []
    assert (state["state"], state["department_id"], state["due_on"], state["first_referred_on"]) == \
        ("replied", 2, "2026-03-26", "2026-03-03")
    # all on one day: referred, returned and referred again, whichever global ids sort first
    same_day = [_event("collect", "2026-03-02", "z1"), _event("refer", "2026-03-02", "b", department_id=1),
                _event("return", "2026-03-02", "a", department_id=1),
                _event("refer", "2026-03-02", "c", department_id=2)]
    state, unusable = fold(same_day)
    assert unusable == [] and state["state"] == "referred" and state["department_id"] in (1, 2)


def test_what_the_fold_cannot_use_is_still_unusable():
    events = [_event("collect", "2026-03-02", "e1"), _event("on_spot", "2026-03-02", "e2", note="现场解答"),
              _event("refer", "2026-03-02", "e3", department_id=1),  # on the spot and referred: one of them
              _event("close", "2026-03-04", "e4")]  # closed before any feedback
    state, unusable = fold(events)
    assert state["state"] == "on_spot"
    assert [e["gid"] for e in unusable] == ["e3", "e4"]


def test_city_table_by_kind_is_as_of_the_day(demo: Sl):
    day = "2026-01-08"
    out = json.loads(demo.ok("stats", "year", "2026", "--by-county", "--as-of", day, "--format", "json").output)
    (county,) = out["counties"]
    got = sum(k["referred"] for k in county["by_kind"].values())
    # recount: suggestions of the year's activities held by that day, referred by that day
    referred_by_then = demo.value(
        "SELECT count(*) FROM suggestions s JOIN activities a ON a.id = s.activity_id "
        "WHERE a.county_id = ? AND a.date BETWEEN '2026-01-01' AND ? AND s.collected_on BETWEEN '2026-01-01' AND ? "
        "AND EXISTS (SELECT 1 FROM suggestion_events e WHERE e.suggestion_id = s.id "
        "AND e.kind IN ('refer', 'reopen') AND e.on_date <= ?)", county["county_id"], day, day, day)
    referred_now = demo.value(
        "SELECT count(*) FROM suggestions s JOIN activities a ON a.id = s.activity_id "
        "WHERE a.county_id = ? AND a.date BETWEEN '2026-01-01' AND ? AND s.collected_on BETWEEN '2026-01-01' AND ? "
        "AND s.handling = 'referred'", county["county_id"], day, day)
    assert referred_now > referred_by_then  # some were referred after the day: the test can tell
    assert got == referred_by_then
    assert sum(k["suggestions"] for k in county["by_kind"].values()) <= county["suggestions"]


def test_a_towns_bundle_with_desk_rows_of_another_countys_suggestion_is_refused(pair, tmp_path):
    import re
    import uuid

    from shuanglian_cli.io.bundle_file import read_bundle, write_bundle

    town, county, key = pair
    passphrase = key.read_text(encoding="utf-8").strip()
    # a suggestion of 张店区 the county's file happens to hold: not 沂源's, so not 南麻's to act on
    zid = int(re.search(r"第 (\d+) 条", county.ok(
        "suggestions", "add", "--county", "zhangdian", "--content", "外县的意见", "--on", "2026-11-02").output).group(1))
    county.ok("bundle", "create", "--for", "NANMA", "--out", str(tmp_path / "warm.slb"), "--passphrase-file", str(key))
    zgid = county.value("SELECT gid FROM _identity WHERE tbl = 'suggestions' AND row_id = ?", zid)
    real = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(real), "--passphrase-file", str(key))
    header, payload = read_bundle(real, passphrase)
    department = payload["rows"]["departments"][0]["gid"]
    salt = town.value("SELECT salt FROM _peers WHERE code = 'YIYUAN'")
    crafted = tmp_path / "crafted.slb"
    before = county.rows("SELECT count(*) FROM suggestions UNION ALL SELECT count(*) FROM _peers WHERE bundles_received > 0")
    for table, row in (
            ("suggestion_co_handlers", {"suggestion_id": zgid, "round": 1, "department_id": department,
                                        "referred_on": "2026-11-03", "replied_on": None, "opinion": ""}),
            ("suggestion_returns", {"suggestion_id": zgid, "round": 1, "department_id": department,
                                    "referred_on": "2026-11-03", "returned_on": "2026-11-04", "reason": "不属于",
                                    "in_window": 1, "approved_by": None, "workdays_held": 1})):
        _, payload = read_bundle(real, passphrase)
        payload["rows"].setdefault(table, []).append({"gid": str(uuid.uuid4()), "origin": "NANMA", "ref": 1, **row})
        write_bundle(crafted, sender="NANMA", receiver="YIYUAN", fmt=header.get("format", 1), salt=salt,
                     passphrase=passphrase, payload=payload)
        result = county.fails("bundle", "apply", str(crafted), "--passphrase-file", str(key))
        assert "其他县区" in result.output and "超出" in result.output
        assert county.rows("SELECT count(*) FROM suggestions UNION ALL "
                           "SELECT count(*) FROM _peers WHERE bundles_received > 0") == before
    county.ok("bundle", "apply", str(real), "--passphrase-file", str(key))


def test_a_bundle_received_before_is_read_only_for_its_acknowledgements(pair, tmp_path):
    town, county, key = pair
    first = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(first), "--passphrase-file", str(key))
    town.ok("suggestions", "add", "--county", "yiyuan", "--content", "第二个包里的意见", "--station",
            "南麻街道人大代表民情联络站", "--on", "2026-11-03")
    second = tmp_path / "t2.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(second), "--passphrase-file", str(key))
    # the later bundle first: it holds everything the earlier one did
    assert "已合并" in county.ok("bundle", "apply", str(second), "--passphrase-file", str(key)).output
    content = county.rows("SELECT count(*) FROM suggestions UNION ALL SELECT count(*) FROM suggestion_events "
                          "UNION ALL SELECT count(*) FROM _changes UNION ALL SELECT count(*) FROM audit_log "
                          "WHERE action != 'bundle_apply'")
    for bundle in (first, second):
        out = county.ok("bundle", "apply", str(bundle), "--passphrase-file", str(key)).output
        assert "此前均已合并" in out
    assert county.rows("SELECT count(*) FROM suggestions UNION ALL SELECT count(*) FROM suggestion_events "
                       "UNION ALL SELECT count(*) FROM _changes UNION ALL SELECT count(*) FROM audit_log "
                       "WHERE action != 'bundle_apply'") == content
    assert county.value("SELECT count(*) FROM suggestions WHERE content = '第二个包里的意见'") == 1
    assert county.value("SELECT bundles_received FROM _peers WHERE code = 'NANMA'") == 3


def test_activities_show_and_take_the_reference_that_travels(pair, tmp_path):
    import re

    town, county, key = pair
    # created on a site: its reference at once, before any bundle
    out = town.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--no-interactive",
                  "--as-of", "2026-11-20").output
    aid = int(re.search(r"联系活动 #(\d+)", out).group(1))
    assert town.value("SELECT origin || '-' || printf('%04d', ref) FROM _identity WHERE tbl = 'activities' "
                      "AND row_id = ?", aid) == f"NANMA-{aid:04d}"
    added = town.ok("suggestions", "add", "--county", "yiyuan", "--content", "参考编号立即可见",
                    "--activity", f"NANMA-{aid:04d}", "--on", "2026-11-18").output
    sid = int(re.search(r"第 (\d+) 条", added).group(1))
    assert f"参考编号 NANMA-{sid:04d}" in added
    assert town.value("SELECT activity_id FROM suggestions WHERE id = ?", sid) == aid
    bundle = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(bundle), "--passphrase-file", str(key))
    county.ok("bundle", "apply", str(bundle), "--passphrase-file", str(key))
    ref = f"NANMA-{aid:04d}"
    here = county.value("SELECT row_id FROM _identity WHERE tbl = 'activities' AND origin = 'NANMA' AND ref = ?", aid)
    shown = json.loads(county.ok("record", "show", ref, "--format", "json").output)
    assert (shown["id"], shown["ref"], shown["date"]) == (here, ref, "2026-11-18")
    assert [s["id"] for s in shown["suggestion_list"]] == \
        [county.value("SELECT row_id FROM _identity WHERE tbl = 'suggestions' AND origin = 'NANMA' AND ref = ?", sid)]
    assert ref in county.ok("record", "show", ref).output
    listed = json.loads(county.ok("record", "list", "--limit", "0", "--format", "json").output)
    assert {r["id"]: r["ref"] for r in listed}[here] == ref
    assert "参考编号" in county.ok("record", "list", "--limit", "5").output
    # a reference is accepted wherever an id is: an unknown one is a clear refusal
    assert "本库没有这个参考编号" in county.fails("record", "show", "NANMA-9999").output
    assert "应为数字" in county.fails("record", "show", "两百").output
    county.ok("suggestions", "show", f"NANMA-{sid:04d}")
    county.ok("suggestions", "withdraw", f"NANMA-{sid:04d}", "--on", "2026-11-19")
    county.ok("record", "remove", ref, "--yes")
    assert county.value("SELECT count(*) FROM activities WHERE id = ?", here) == 0


def test_a_town_sends_only_its_towns_records_and_what_began_there(demo, tmp_path):
    from shuanglian_cli.io.bundle_file import read_bundle

    key = tmp_path / "key.txt"
    key.write_text("南麻-沂源 2026 口令\n", encoding="utf-8")
    # the county's file, copied to the town 南麻 and made a new site there
    demo.ok("site", "set", "--site", "沂源县人大常委会", "--code", "YIYUAN", "--site-kind", "county", "--county", "沂源")
    town = Sl(tmp_path / "town.db")
    import shutil

    shutil.copy(demo.db, town.db)
    town.ok("site", "set", "--site", "南麻街道", "--code", "NANMA", "--site-kind", "town", "--county", "沂源",
            "--new-site")
    town.ok("site", "peer", "add", "YIYUAN", "--kind", "county", "--county", "沂源")
    town.ok("suggestions", "add", "--county", "yiyuan", "--content", "南麻的新意见", "--station", "1", "--on", "2026-11-18")
    out = tmp_path / "t1.slb"
    town.ok("bundle", "create", "--for", "YIYUAN", "--out", str(out), "--passphrase-file", str(key))
    _, payload = read_bundle(out, key.read_text(encoding="utf-8").strip())
    rows = payload["rows"]
    from shuanglian_cli.store.bundle_rows import REFS

    referred = {r[col] for table, cols in REFS.items() for r in rows.get(table, ()) for col in cols if r.get(col)}
    for table in ("stations", "deputies", "constituents"):
        others = [r for r in rows.get(table, ()) if r["town_id"] != "南麻街道"]
        assert all(r["gid"] in referred for r in others), table  # another town's: only as what a row names
        assert len(others) < town.value(f"SELECT count(*) FROM {table} t JOIN towns w ON w.id = t.town_id "
                                        "WHERE w.name != '南麻街道'"), table
    assert any(r["town_id"] == "南麻街道" for r in rows["stations"])
    assert [r["content"] for r in rows["suggestions"] if r["origin"] == "NANMA"] == ["南麻的新意见"]
    stations = {r["gid"]: r for r in rows["stations"]}
    assert all(stations[r["station_id"]]["town_id"] == "南麻街道" for r in rows["suggestions"] if r["station_id"])
    assert 0 < len(rows["suggestions"]) < town.value("SELECT count(*) FROM suggestions")
