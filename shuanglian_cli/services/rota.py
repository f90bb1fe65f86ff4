"""The duty rota (值班表, issue 16 item 1): plan it, swap a day, deputies away, planned deputies who
did not come. The plan is domain/rota.py (a min-cost flow) over what store/rota_plan.py reads.

Re-planning keeps the days before the as-of day as stored (they count toward each deputy's minimum)
and replaces every later day in one transaction, but for the swaps still valid (the deputy on the
roster, attached to the station, not away that day): those stay as fixed assignments of the plan;
the swaps dropped are listed (date, station, deputy, why). When a minimum cannot be met,
nothing is written: the error lists each deputy who falls short and why (a dry run too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shuanglian_cli.errors import UserError

WEEKDAYS = "一二三四五六日"
SHOWN_SHORT = 40  # deputies named one by one in a shortfall; beyond, a line per station and the count


@dataclass
class RotaResult:
    rows: list[dict]  # one per station and reception day of the year
    written: int = 0  # rota rows stored (0 on a dry run)
    kept: int = 0  # rows of past days kept as they were
    skipped: list[str] = field(default_factory=list)  # stations not planned, and why
    unfilled: list[str] = field(default_factory=list)  # days with fewer deputies than asked
    swaps_kept: int = 0  # future swaps kept as fixed assignments
    swaps_dropped: list[dict] = field(default_factory=list)  # future swaps no longer valid: date, station, deputy, why


def plan_rota(db, config, calendar, *, year: int, as_of: dt.date, county_id: int | None = None,
              station_id: int | None = None, per_day: int | None = None, dry_run: bool = False) -> RotaResult:
    from shuanglian_cli.store import rota as store
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rota_plan import plan_groups, rules_from

    rules = rules_from(config, per_day)
    plans, skipped = plan_groups(db, config, calendar, year=year, as_of=as_of, rules=rules, county_id=county_id,
                                 station_id=station_id)
    if not plans:
        raise UserError("没有可以排班的联络站（点）", skipped)
    names = {s["id"]: s for s in store.rota_stations(db, None)}
    result = RotaResult(rows=[], skipped=skipped)
    short: list[str] = []
    by_station: list[str] = []
    for g in plans:
        for f in g.plan.shortfalls:
            short.append(f"{f.deputy.name}（{names[f.deputy.home]['name']}）：至少 {f.needed} 天，最多只能排 "
                         f"{f.planned} 天；{f.detail}")
        if g.plan.shortfalls:
            by_station.append(f"{g.head['name']}：{len(g.people)} 名代表中 {len(g.plan.shortfalls)} 名排不满")
        for slot, missing in sorted(g.plan.unfilled.items(), key=lambda x: (x[0].day, x[0].station)):
            result.unfilled.append(f"{slot.day.isoformat()} {names[slot.station]['name']}：缺 {missing} 人")
        result.kept += len(g.kept)
        result.swaps_kept += len(g.swaps)
        result.swaps_dropped += g.dropped
        swaps = [(r["station_id"], r["day"], r["deputy_id"]) for r in g.swaps]
        result.rows += _day_rows(g.kept, g.rows + swaps, g.future, names, g.people, db)
    if short:
        if len(short) > SHOWN_SHORT:  # a long list: the stations first, then the first names
            short = [*by_station, *short[:SHOWN_SHORT], f"……另有 {len(short) - SHOWN_SHORT} 名（可用 --station 逐站查看）"]
        raise UserError(f"有 {sum(len(g.plan.shortfalls) for g in plans)} 名代表排不满每年至少 {rules.min_days} 天的"
                        "接待日，未保存排班",
                        [*short, "可以：减少或调整请假、调小 rota.min_gap_days、加大 --per-day，或改 rota.min_days_per_year；",
                         "年中才开始排班时，已过去的日子没有排班记录：可排明年（--year），或今年暂设 rota.min_days_per_year: 0"])
    result.rows.sort(key=lambda r: (r["date"], r["station_id"]))
    if not dry_run:
        start, last = max(dt.date(year, 1, 1), as_of), dt.date(year, 12, 31)
        with transaction(db):
            for g in plans:
                result.written += store.replace_planned(db, g.ids, start, last, g.rows, [r["id"] for r in g.swaps])
    return result


def _day_rows(kept_rows, new_rows, future, names, by_name, db) -> list[dict]:
    """One row per station and day: who is on duty, and whether the day was kept as it was."""
    days: dict[tuple[int, str], dict] = {}
    for slot in future:
        key = (slot.station, slot.day.isoformat())
        days[key] = {"kept": False, "ids": []}
    for sid, day, did in kept_rows:
        days.setdefault((sid, day), {"kept": True, "ids": []})["ids"].append(did)
    for sid, day, did in new_rows:
        days[(sid, day)]["ids"].append(did)
    missing = {did for d in days.values() for did in d["ids"] if did not in by_name}
    if missing:  # a kept day of someone who has since moved to another station
        by_name = {**by_name, **{r[0]: r[1] for r in db.execute(
            f"SELECT id, name FROM deputies WHERE id IN ({', '.join('?' for _ in missing)})", list(missing))}}
    out = []
    for (sid, day), d in days.items():
        people = sorted(d["ids"], key=lambda i: by_name[i])
        out.append({"date": day, "weekday": WEEKDAYS[dt.date.fromisoformat(day).weekday()],
                    "county": names[sid]["county"], "station_id": sid, "station": names[sid]["name"],
                    "deputies": [by_name[i] for i in people], "deputy_ids": people, "kept": d["kept"]})
    return out


def add_absence(db, deputy: dict, start: dt.date, end: dt.date, reason: str) -> tuple[int, list[str]]:
    """Record an absence; returns its id and the days the deputy is planned on inside it."""
    from shuanglian_cli.store import rota as store
    from shuanglian_cli.store.db import transaction

    if end < start:
        raise UserError(f"请假结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}", ["未保存任何更改"])
    with transaction(db):
        new_id = store.add_absence(db, deputy["id"], start, end, reason)
    return new_id, store.days_of(db, deputy["id"], start.isoformat(), end.isoformat())


def cancel_absence(db, absence_id: int) -> dict:
    from shuanglian_cli.store import rota as store
    from shuanglian_cli.store.db import transaction

    row = store.absence(db, absence_id)
    if row is None:
        raise UserError(f"没有编号为 {absence_id} 的请假记录", ["可用 `sl deputy absences` 查看编号"])
    with transaction(db):
        store.remove_absence(db, absence_id)
    return row


def swap(db, config, *, deputy: dict, day: dt.date, today: dt.date, station_id: int | None = None,
         other: dict | None = None, other_day: dt.date | None = None) -> tuple[str, list[str]]:
    """A deputy gives their day to a colleague of the station (who takes it, or with --other-day gives
    theirs back), or moves to another planned day of the station. Returns the message and warnings."""
    from shuanglian_cli.store import rota as store
    from shuanglian_cli.store.db import transaction

    rows = store.duty_of(db, deputy["id"], day.isoformat(), station_id)
    if not rows:
        raise UserError(f"{deputy['name']} 在 {day.isoformat()} 没有排班", ["可用 `sl schedule rota --dry-run` 或 `sl schedule next` 查看值班表"])
    if len(rows) > 1:
        raise UserError(f"{deputy['name']} 在 {day.isoformat()} 排在多个联络站（点），请用 --station 指明")
    row = rows[0]
    if day < today or (other_day is not None and other_day < today):
        raise UserError("已过去的接待日不能调换", [f"今天是 {today.isoformat()}"])
    if other is None and other_day is None:
        raise UserError("请用 --with 给出换班的代表，或用 --to 给出改到的日子")
    from shuanglian_cli.store.rota_plan import group_of, rules_from

    group = group_of(db, row["station_id"])
    gap = rules_from(config).gap
    away = store.absences_between
    if other is not None:
        if other["id"] == deputy["id"]:
            raise UserError("不能和自己换班")
        if other.get("station_id") not in group:
            raise UserError(f"{other['name']} 不属于该联络站（及其下属联络点），不能换班",
                            ["只能与所属联络站为本站或其下属联络点的代表换班"])
        if other.get("active", 1) != 1:
            raise UserError(f"{other['name']} 已不在册，不能换班")
        if store.duty_of(db, other["id"], day.isoformat()):
            raise UserError(f"{other['name']} 在 {day.isoformat()} 已有排班")
        if away(db, [other["id"]], day, day):
            raise UserError(f"{other['name']} 在 {day.isoformat()} 请假")
        back = None
        if other_day is not None:
            theirs = store.duty_of(db, other["id"], other_day.isoformat(), row["station_id"])
            if not theirs:
                raise UserError(f"{other['name']} 在 {other_day.isoformat()} 没有在本站排班")
            if store.duty_of(db, deputy["id"], other_day.isoformat()):
                raise UserError(f"{deputy['name']} 在 {other_day.isoformat()} 已有排班")
            if away(db, [deputy["id"]], other_day, other_day):
                raise UserError(f"{deputy['name']} 在 {other_day.isoformat()} 请假")
            back = theirs[0]
        with transaction(db):
            store.move_duty(db, row["id"], other["id"], day.isoformat(), f"与{deputy['name']}换班")
            if back is not None:
                store.move_duty(db, back["id"], deputy["id"], other_day.isoformat(), f"与{other['name']}换班")
        warnings = _gap_warnings(db, other, day, gap)
        if back is not None:
            warnings += _gap_warnings(db, deputy, other_day, gap)
            return f"已换班：{day.isoformat()} 由 {other['name']} 接待，{other_day.isoformat()} 由 {deputy['name']} 接待", warnings
        return f"已换班：{day.isoformat()} 由 {other['name']} 代替 {deputy['name']} 接待", warnings
    planned_days = store.station_days(db, row["station_id"], today.isoformat())
    if other_day.isoformat() not in planned_days:
        raise UserError(f"{other_day.isoformat()} 不是本站已排班的接待日",
                        ["可改到的日子：" + "、".join(d for d in planned_days if d != day.isoformat())[:200]])
    if store.duty_of(db, deputy["id"], other_day.isoformat()):
        raise UserError(f"{deputy['name']} 在 {other_day.isoformat()} 已有排班")
    if away(db, [deputy["id"]], other_day, other_day):
        raise UserError(f"{deputy['name']} 在 {other_day.isoformat()} 请假")
    with transaction(db):
        store.move_duty(db, row["id"], deputy["id"], other_day.isoformat(), f"由{day.isoformat()}调来")
    return f"已调整：{deputy['name']} 由 {day.isoformat()} 改到 {other_day.isoformat()} 接待", \
        _gap_warnings(db, deputy, other_day, gap)


def _gap_warnings(db, deputy: dict, day: dt.date, gap: int) -> list[str]:
    from shuanglian_cli.store.rota import days_of

    near = [d for d in days_of(db, deputy["id"], (day - dt.timedelta(days=gap - 1)).isoformat(),
                               (day + dt.timedelta(days=gap - 1)).isoformat()) if d != day.isoformat()]
    if not near:
        return []
    return [f"{deputy['name']} 在 {'、'.join(near)} 也有排班，与 {day.isoformat()} 相隔不到 {gap} 天"]


def absent(db, stations: list[int], start: dt.date, end: dt.date, as_of: dt.date) -> list[dict]:
    """Planned deputies with no activity recorded on their day, for the days before `as_of`."""
    from shuanglian_cli.store.rota import planned_without_attendance

    last = min(end, as_of - dt.timedelta(days=1))
    if last < start:
        return []
    rows = planned_without_attendance(db, stations, start, last)
    for r in rows:
        r["weekday"] = WEEKDAYS[dt.date.fromisoformat(r["date"]).weekday()]
    return rows
