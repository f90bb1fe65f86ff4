"""Terms of office (届次): adding a term, closing one, and an election's seats when a new term's roster
is imported (`sl import deputies FILE --term NAME`). Each writes in one transaction; a refusal writes
nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shuanglian_cli.errors import UserError

MAX_LISTED = 20


@dataclass
class Election:
    """What importing a term's roster did to the seats."""
    term: str
    new: int = 0  # deputies seated in the term for the first time
    carried: int = 0  # of those, deputies who held a seat in the congress's previous term
    already: int = 0  # in the file and already seated in the term
    ended: list[str] = field(default_factory=list)  # deputies whose previous seat ended on the term's start
    previous: list[str] = field(default_factory=list)  # the congress's terms they sat in
    links: list[dict] = field(default_factory=list)  # their links of the years the new term covers
    freed: object = None  # services/rota_leavers.Freed: duty days given up by those left without a seat


def add_term(db, *, county: dict, town_id: int | None, town_name: str, level: str, number: int,
             starts_on: dt.date, ends_on: dt.date | None, seat_active: bool) -> dict:
    """Add a term of the county's (or the town's) congress; returns it with `seated`, the deputies given
    a seat by --seat-active."""
    from shuanglian_cli.domain.terms import default_end, overlap, term_name
    from shuanglian_cli.store import terms as store
    from shuanglian_cli.store.db import transaction

    if level == "镇" and town_id is None:
        raise UserError("镇（街道）人民代表大会的届次需用 --town 指定镇街")
    if level == "县":
        town_id = None
    if not 0 < number < 100:
        raise UserError(f"届数应为 1 到 99 之间的整数：{number}")
    end = ends_on or default_end(starts_on)
    if end < starts_on:
        raise UserError(f"届次的结束日期 {end} 早于开始日期 {starts_on}")
    name = term_name(town_name if level == "镇" else county["name"], number)
    a, b = starts_on.isoformat(), end.isoformat()
    for other in store.congress_terms(db, county["id"], level, town_id):
        if other["name"] == name:
            raise UserError(f"届次“{name}”已经存在（{other['starts_on']} 至 {other['ends_on'] or '未定'}）")
        if overlap(a, b, other["starts_on"], other["ends_on"]):
            raise UserError(
                f"“{name}”（{a} 至 {b}）与同一人民代表大会的“{other['name']}”"
                f"（{other['starts_on']} 至 {other['ends_on'] or '未定'}）时间重叠，未添加",
                [f"两届只能在换届当天相接；如“{other['name']}”提前结束，先运行：sl term close {other['id']} --on {a}"])
    with transaction(db):
        term_id = store.insert_term(db, {"county_id": county["id"], "town_id": town_id, "level": level,
                                         "number": number, "name": name, "starts_on": a, "ends_on": b})
        seated = 0
        if seat_active:
            seated = store.add_seats(db, term_id, store.active_deputies_at_level(db, county["id"], level, town_id), a)
    return {"id": term_id, "name": name, "starts_on": a, "ends_on": b, "seated": seated}


def close_term(db, term: dict, day: dt.date) -> int:
    """End the term (and every seat in it still running) on `day`; returns the seats ended. Refused when
    a yearly link of a later year names one of its deputies who would then hold no seat that year."""
    from shuanglian_cli.domain.terms import overlap
    from shuanglian_cli.store import terms as store
    from shuanglian_cli.store.db import transaction

    d = day.isoformat()
    if d < term["starts_on"]:
        raise UserError(f"结束日期 {d} 早于“{term['name']}”的开始日期 {term['starts_on']}")
    if term["closed"]:
        raise UserError(f"“{term['name']}”已于 {term['ends_on']} 结束")
    for other in store.congress_terms(db, term["county_id"], term["level"], term["town_id"]):
        if other["id"] != term["id"] and overlap(term["starts_on"], d, other["starts_on"], other["ends_on"]):
            raise UserError(f"结束日期 {d} 晚于下一届“{other['name']}”的开始日期 {other['starts_on']}，未结束")
    stale = store.links_outliving_term(db, term["id"], d)
    if stale:
        lines = [f"{r['year']} 年 {r['kind']}：{r['deputy']} — {r['other']}" for r in stale[:MAX_LISTED]]
        if len(stale) > MAX_LISTED:
            lines.append(f"……共 {len(stale)} 条")
        raise UserError(
            f"“{term['name']}”于 {d} 结束后，以下 {len(stale)} 条联系关系中的代表在该年度大半时间已不再任职，未结束届次：",
            [*lines, "请先重新安排这些联系关系（sl link），或在新一届名册中保留这些代表（sl import deputies --term）"])
    with transaction(db):
        return store.close_term(db, term["id"], d)


def elect(db, term: dict, deputy_ids: list[int]) -> Election:
    """Seat the imported roster in `term`, inside the import's transaction: deputies of the congress's
    previous term who are in it carry over (same deputy, a new seat), the others' seats end on the
    term's start. Their links of the years the term covers (store/terms.py) are listed to be planned again."""
    from shuanglian_cli.store import terms as store

    start = term["starts_on"]
    day_before = (dt.date.fromisoformat(start) - dt.timedelta(days=1)).isoformat()
    roster = list(dict.fromkeys(deputy_ids))
    report = Election(term["name"])
    have = store.seated(db, term["id"])
    fresh = [d for d in roster if d not in have]
    report.already = len(roster) - len(fresh)
    running = store.seats_running_into(db, term, day_before)
    in_roster = set(roster)
    report.carried = len({r["deputy_id"] for r in running if r["deputy_id"] in in_roster and r["deputy_id"] in fresh})
    leaving = [r for r in running if r["deputy_id"] not in in_roster]
    store.end_seats(db, [r["seat_id"] for r in leaving if r["ends_on"] is None or r["ends_on"] > start], start)
    report.new = store.add_seats(db, term["id"], fresh, start)
    report.ended = [r["deputy"] for r in leaving]
    report.previous = list(dict.fromkeys(r["term"] for r in running))
    report.links = store.links_after_seats_end(db, sorted({r["deputy_id"] for r in leaving}), start)
    report.freed = _free_duties(db, sorted({r["deputy_id"] for r in leaving}), start)
    return report


def _free_duties(db, leaving: list[int], start: str):
    """Those left without any seat give up their duty days from the term's start (after today)."""
    from shuanglian_cli.clock import today
    from shuanglian_cli.services.rota_leavers import free_future_days
    from shuanglian_cli.store.rota import seated_after

    gone = [d for d in leaving if d not in seated_after(db, leaving, start)]
    after = max(today(), dt.date.fromisoformat(start) - dt.timedelta(days=1))
    return free_future_days(db, gone, after)
