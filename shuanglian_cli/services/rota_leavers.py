"""Deputies leaving the roster give up their future duty days (issue 16 follow-up): a deputy marked
inactive (`sl deputy edit --inactive`) or left without any seat by an election (`sl import deputies
--term`) keeps no rota row after today, in the same transaction as the change, audited by the rota's
triggers. Past days stay (history). The days left with fewer deputies than rota.per_day are named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Freed:
    days: list[dict] = field(default_factory=list)  # rows removed: day, station, deputy
    left: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)  # (day, station id) -> (name, still on duty)


def free_future_days(db, deputy_ids: list[int], after: dt.date, keep_stations: list[int] | None = None) -> Freed:
    """Remove the rota rows of `deputy_ids` after `after` (but those at `keep_stations`); inside the
    caller's transaction."""
    from shuanglian_cli.store import rota as store

    rows = [r for r in store.future_duties(db, deputy_ids, after.isoformat())
            if r["station_id"] not in (keep_stations or [])]
    store.remove_duties(db, [r["id"] for r in rows])
    out = Freed(days=[{"date": r["day"], "station": r["station"], "deputy": r["deputy"]} for r in rows])
    for r in rows:
        key = (r["day"], r["station_id"])
        if key not in out.left:
            out.left[key] = (r["station"], store.duty_count(db, r["station_id"], r["day"]))
    return out


def short_lines(freed: Freed, per_day: int) -> list[str]:
    """A Chinese line per day and station now below `per_day` deputies."""
    return [f"{day} {name}：值班代表只剩 {count} 人（每天应有 {per_day} 人）；可用 `sl schedule swap 代表 --date 原定日 "
            f"--to {day}` 调来本站代表，或重新排班 `sl schedule rota --station {name}`"
            for (day, _), (name, count) in sorted(freed.left.items()) if count < per_day]


def freed_lines(freed: Freed, config) -> list[str]:
    """What freeing did, for the clerk: the days removed, then the days now short of deputies."""
    from shuanglian_cli.store.rota_plan import rules_from

    if not freed.days:
        return []
    by_deputy: dict[str, list[str]] = {}
    for r in freed.days:
        by_deputy.setdefault(r["deputy"], []).append(f"{r['date']} {r['station']}")
    lines = [f"已取消 {who} 今后的 {len(days)} 天值班：" + "、".join(days) for who, days in by_deputy.items()]
    return lines + short_lines(freed, rules_from(config).per_day)


def save_deputy_edit(db, row: dict, fields: dict, today: dt.date) -> Freed:
    """`sl deputy edit`: write the edit; a deputy marked inactive loses their days after today, one moved
    to another station their days at stations outside its group, in the same transaction."""
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.rosters import update_row

    if not fields:
        raise UserError("没有要修改的内容；用 --help 查看可修改的项")
    with transaction(db):
        update_row(db, "deputies", row["id"], fields)
        if fields.get("active") == 0:
            return free_future_days(db, [row["id"]], today)
        if fields.get("station_id", row["station_id"]) != row["station_id"]:
            # moved to another station: no longer attached to the old one's reception days
            from shuanglian_cli.store.rota_plan import group_of

            new_group = group_of(db, fields["station_id"]) if fields["station_id"] else []
            return free_future_days(db, [row["id"]], today, keep_stations=new_group)
    return Freed()
