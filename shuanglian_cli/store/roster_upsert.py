"""Writing checked import records: insert new rows, update changed ones, leave equal ones alone, all
matched on the natural key. Called inside the import's one transaction."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from shuanglian_cli.errors import UserError
from shuanglian_cli.store import roster_bulk as bulk
from shuanglian_cli.store.resolve import SearchKeyCache

# table -> (natural key, updatable fields with the value a new row gets when the cell is blank)
TABLES: dict[str, tuple[tuple[str, ...], dict]] = {
    "deputies": (("county_id", "name"), {"sex": None, "phone": "", "work_unit": "", "levels": "县",
                                         "town_id": None, "station_id": None}),
    "members": (("county_id", "name"), {"post": "", "group_name": "", "phone": ""}),
    "constituents": (("county_id", "name", "phone"), {"address": "", "town_id": None}),
    "departments": (("county_id", "name"), {"kind": "", "contact": ""}),
    "stations": (("county_id", "name"), {"kind": "站", "parent_id": None, "town_id": None, "address": "",
                                         "has_premises": 0, "has_equipment": 0, "has_rules": 0, "has_funds": 0,
                                         "schedule": ""}),
}
FIELD_LABELS = {
    "sex": "性别", "phone": "电话", "work_unit": "工作单位及职务", "levels": "代表层级", "town_id": "镇街",
    "station_id": "联络站", "post": "职务", "group_name": "活动小组", "address": "住址", "kind": "类型/类别",
    "contact": "联系人", "parent_id": "上级站", "has_premises": "有场所", "has_equipment": "有设施",
    "has_rules": "有制度", "has_funds": "有经费", "schedule": "接待日",
}
MAX_CHANGES = 20


def write_records(db: sqlite_utils.Database, spec_name: str, table, records: list[tuple[int, dict]], report,
                  lookup: Callable, year: int | None) -> None:
    if spec_name in ("member_links", "deputy_links"):
        _write_links(db, "member_deputies" if spec_name == "member_links" else "deputy_constituents",
                     records, report)
    elif spec_name == "stations":
        _write_stations(db, table, records, report, lookup)
    else:
        _upsert(db, spec_name, records, report)
        if spec_name == "constituents":
            _constituent_links(db, records, report, year)


def _upsert(db, name: str, records: list[tuple[int, dict]], report, keys=None) -> None:
    key_cols, defaults = TABLES[name]
    county_ids = {rec["county_id"] for _, rec in records}
    existing = bulk.existing_rows(db, name, key_cols, list(defaults), county_ids)
    adds: list[tuple] = []
    updates: list[tuple[int, dict]] = []
    keys = keys or SearchKeyCache()
    cols = [*key_cols, *defaults, "pinyin", "initials"]
    for row_no, rec in records:
        old = existing.get(tuple(rec[k] for k in key_cols))
        if old is None:
            search = keys(rec["name"])
            adds.append((*(rec[k] for k in key_cols), *(rec.get(f, d) for f, d in defaults.items()),
                         search["pinyin"], search["initials"]))
            continue
        changes = {f: rec[f] for f in defaults if f in rec and rec[f] != old[f]}
        if changes:
            updates.append((old["id"], changes))
            if len(report.changes) < MAX_CHANGES:
                what = "、".join(FIELD_LABELS.get(f, f) for f in changes)
                report.changes.append(f"第 {row_no} 行 {rec['name']}：更新 {what}")
        else:
            report.unchanged += 1
    bulk.insert_many(db, name, cols, adds)
    bulk.update_many(db, name, updates)
    report.added += len(adds)
    report.updated += len(updates)


def _constituent_links(db, records: list[tuple[int, dict]], report, year: int | None) -> None:
    wanted = [(row_no, rec) for row_no, rec in records if rec.get("_deputies")]
    if not wanted:
        return
    if year is None:
        raise UserError("“联系代表”列需要年度：请在命令中用 --year 指定")
    ids = bulk.ids_by_key(db, "constituents", ("county_id", "name", "phone"), {r["county_id"] for _, r in wanted})
    links = {(year, d, ids[(r["county_id"], r["name"], r["phone"])]) for _, r in wanted for d in r["_deputies"]}
    _add_links(db, "deputy_constituents", links, report)


def _write_links(db, link_table: str, records: list[tuple[int, dict]], report) -> None:
    links = {(rec["year"], rec["a"], rec["b"]) for _, rec in records}
    _add_links(db, link_table, links, report)


def _add_links(db, link_table: str, links: set, report) -> None:
    existing = bulk.existing_links(db, link_table, {y for y, _, _ in links})
    new = sorted(links - existing)
    bulk.insert_links(db, link_table, new)
    report.links_added += len(new)
    report.links_unchanged += len(links) - len(new)


def _write_stations(db, table, records: list[tuple[int, dict]], report, lookup: Callable) -> None:
    """Stations first, then points, whose parent may be a station of the same file or of the database."""
    county_ids = {rec["county_id"] for _, rec in records}
    in_file = {(rec["county_id"], rec["name"]): rec for _, rec in records if rec["kind"] == "站"}
    known = bulk.stations_by_name(db, county_ids)
    errors = []
    for row_no, rec in records:
        parent = rec.pop("_parent", None)
        old = known.get((rec["county_id"], rec["name"]))
        if rec["kind"] == "站":
            rec["parent_id"] = None
            continue
        if parent is None:
            if old is None or old["kind"] != "点":
                errors.append(f"{table.where(row_no, 'parent')}：联络点需要填写上级站")
            continue
        parent_rec = in_file.get((rec["county_id"], parent))
        rec["_parent_key"] = (rec["county_id"], parent) if parent_rec else None
        if parent_rec is None:
            found = lookup("stations", rec["county_id"], parent, "kind = '站'")
            if isinstance(found, str):
                errors.append(f"{table.where(row_no, 'parent')}：{found}")
                continue
            rec["parent_id"] = found
        if "town_id" not in rec and old is None:
            town = parent_rec.get("town_id") if parent_rec else db.execute(
                "SELECT town_id FROM stations WHERE id = ?", [rec["parent_id"]]).fetchone()[0]
            if town is not None:
                rec["town_id"] = town
    if errors:
        raise UserError(f"{table.path.name} 有 {len(errors)} 处错误，未导入任何数据：", errors[:50])
    _upsert(db, "stations", [(n, r) for n, r in records if r["kind"] == "站"], report)
    ids = bulk.ids_by_key(db, "stations", ("county_id", "name"), county_ids)
    points = []
    for row_no, rec in records:
        if rec["kind"] == "点":
            parent_key = rec.pop("_parent_key", None)
            if parent_key:
                rec["parent_id"] = ids[parent_key]
            points.append((row_no, rec))
    _upsert(db, "stations", points, report)
