"""The referral desk's data travels in bundles like the rest of a suggestion's life: a co-handler, a
return and a classed reply with a promise made at the county reach the town and show there;
applying the same bundle twice changes nothing; a co-handler's opinion given later travels as an edit."""

from __future__ import annotations

import json
import re
import sqlite3

HOUSING, TRANSPORT, WATER = "县住房和城乡建设局", "县交通运输局", "县水利局"
DESK = ("suggestions", "suggestion_events", "suggestion_co_handlers", "suggestion_returns")


def _desk_rows(sl) -> dict:
    return {t: sl.rows(f"SELECT * FROM {t} ORDER BY id") for t in DESK} | {
        "changes": sl.rows("SELECT count(*), coalesce(max(seq), 0) FROM _changes")[0]}




def _create(src, key, name: str, peer: str):
    out = src.db.parent / name
    src.ok("bundle", "create", "--for", peer, "--out", str(out), "--passphrase-file", str(key))
    return out


def _apply(dst, key, bundle):
    dst.ok("bundle", "apply", str(bundle), "--passphrase-file", str(key))


def _county_id(town, county, sid: int) -> int:
    gid = town.rows("SELECT gid FROM _identity WHERE tbl = 'suggestions' AND row_id = ?", sid)[0][0]
    return county.rows("SELECT row_id FROM _identity WHERE tbl = 'suggestions' AND gid = ?", gid)[0][0]


def test_desk_steps_made_at_the_county_show_at_the_town_and_apply_once(pair):
    town, county, key = pair
    sid = int(re.search(r"第 (\d+) 条", town.ok(
        "suggestions", "add", "--county", "yiyuan", "--content", "村口路灯不亮，建议尽快维修", "--station",
        "南麻街道人大代表民情联络站", "--on", "2026-11-02").output).group(1))
    _apply(county, key, _create(town, key, "t1.slb", "YIYUAN"))
    csid = _county_id(town, county, sid)
    county.ok("suggestions", "refer", csid, "--department", HOUSING, "--on", "2026-11-03")
    county.ok("suggestions", "return", csid, "--department", HOUSING, "--reason", "不属于本单位职责",
              "--on", "2026-11-04")
    county.ok("suggestions", "refer", csid, "--department", TRANSPORT, "--co", WATER, "--on", "2026-11-05")
    county.ok("suggestions", "co-reply", csid, "--department", WATER, "--text", "同意主办意见", "--on", "2026-11-06")
    county.ok("suggestions", "reply", csid, "--text", "已列入明年计划", "--class", "B", "--promise", "2027-03-31",
              "--on", "2026-11-10")
    back = _create(county, key, "c1.slb", "NANMA")
    _apply(town, key, back)

    row = town.rows("SELECT state, department_id, reply_class, promise_on, first_referred_on, referred_on "
                   "FROM suggestions WHERE id = ?", sid)[0]
    transport = town.rows("SELECT id FROM departments WHERE name = ?", TRANSPORT)[0][0]
    assert row == ("replied", transport, "B", "2027-03-31", "2026-11-03", "2026-11-05")
    kinds = [k for (k,) in town.rows("SELECT kind FROM suggestion_events WHERE suggestion_id = ? ORDER BY on_date, id", sid)]
    assert kinds == ["collect", "refer", "return", "refer", "co_reply", "reply"]
    shown = json.loads(town.ok("suggestions", "show", sid, "--format", "json").output)
    assert (shown["reply_class"], shown["promise_on"]) == ("B", "2027-03-31")
    assert [(c["department"], c["replied_on"], c["opinion"], c["on_time"]) for c in shown["co_handlers"]] == \
        [(WATER, "2026-11-06", "同意主办意见", True)]
    assert [(r["department"], r["returned_on"], r["reason"], r["in_window"], r["workdays_held"])
            for r in shown["returns"]] == [(HOUSING, "2026-11-04", "不属于本单位职责", True, 1)]
    text = town.ok("suggestions", "show", sid).output
    assert "B 类" in text and "2027-03-31" in text and "退办" in text and WATER in text
    # the same desk figures on both sides
    args = ("stats", "year", "2026", "--county", "yiyuan", "--as-of", "2026-11-20", "--format", "json")
    assert json.loads(town.ok(*args).output) == json.loads(county.ok(*args).output)

    # applying the same bundle again changes nothing
    before = _desk_rows(town)
    _apply(town, key, back)
    assert _desk_rows(town) == before
    assert "完好" in town.ok("check").output


def test_a_later_opinion_and_follow_up_travel_as_edits(pair):
    town, county, key = pair
    sid = int(re.search(r"第 (\d+) 条", town.ok(
        "suggestions", "add", "--county", "yiyuan", "--content", "桥面破损，建议维修", "--station",
        "南麻街道人大代表民情联络站", "--on", "2026-11-02").output).group(1))
    _apply(county, key, _create(town, key, "t1.slb", "YIYUAN"))
    csid = _county_id(town, county, sid)
    county.ok("suggestions", "refer", csid, "--department", HOUSING, "--co", WATER, "--on", "2026-11-03")
    county.ok("suggestions", "reply", csid, "--text", "已列入计划", "--class", "B", "--promise", "2027-01-31",
              "--on", "2026-11-10")
    _apply(town, key, _create(county, key, "c1.slb", "NANMA"))
    assert town.rows("SELECT replied_on, opinion FROM suggestion_co_handlers WHERE suggestion_id = ?", sid) == [(None, "")]
    # the opinion is recorded later at the county: the co-handler row travels again, as an edit
    county.ok("suggestions", "co-reply", csid, "--department", WATER, "--text", "同意", "--on", "2026-11-12")
    county.ok("suggestions", "follow-up", csid, "--class", "A", "--text", "已修好", "--on", "2026-11-20")
    second = _create(county, key, "c2.slb", "NANMA")
    _apply(town, key, second)
    assert town.rows("SELECT replied_on, opinion FROM suggestion_co_handlers WHERE suggestion_id = ?", sid) == [("2026-11-12", "同意")]
    assert town.rows("SELECT reply_class, promise_on FROM suggestions WHERE id = ?", sid) == [("A", None)]
    assert town.rows("SELECT count(*) FROM suggestion_co_handlers WHERE suggestion_id = ?", sid)[0][0] == 1
    before = _desk_rows(town)
    _apply(town, key, second)
    assert _desk_rows(town) == before


def test_a_file_upgraded_after_its_site_was_set_sends_its_desk_rows(pair):
    town, county, key = pair
    # the town's file as it was before the step referral_desk_exchange: a site, desk rows without ids
    conn = sqlite3.connect(town.db)
    with conn:
        for name in ("xc_suggestion_co_handlers_update", "xc_suggestion_co_handlers_delete",
                     "xc_suggestion_returns_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM _changes WHERE tbl IN ('suggestion_co_handlers', 'suggestion_returns')")
        conn.execute("DELETE FROM _identity WHERE tbl IN ('suggestion_co_handlers', 'suggestion_returns')")
        conn.execute("DELETE FROM _migrations WHERE name = 'referral_desk_exchange'")
    conn.close()
    assert "完好" in town.ok("check").output  # opening it ran the step
    assert town.rows("SELECT count(*) FROM sqlite_master WHERE name = 'xc_suggestion_returns_delete'")[0][0] == 1
    _apply(county, key, _create(town, key, "t1.slb", "YIYUAN"))
    for table in ("suggestion_co_handlers", "suggestion_returns"):
        here = town.rows(f"SELECT count(*) FROM {table}")[0][0]
        assert here > 0 and county.rows(f"SELECT count(*) FROM {table}")[0][0] == here
    assert town.rows("SELECT DISTINCT origin FROM _identity WHERE tbl = 'suggestion_returns'") == [("NANMA",)]
