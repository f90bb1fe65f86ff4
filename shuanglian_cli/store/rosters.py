"""Writing the rosters: counties and towns, and adding, editing and removing stations, deputies,
members, constituents and departments. Listing queries are in store/roster_queries.py."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from shuanglian_cli.domain.text import check_name
from shuanglian_cli.errors import UserError
from shuanglian_cli.store.resolve import LABELS, find, find_county, search_keys

ROSTER_TABLES = ("stations", "deputies", "members", "constituents", "departments")

# table -> (column, other table, Chinese label of what refers to a row): a row referred to has history
HISTORY: dict[str, list[tuple[str, str, str]]] = {
    "stations": [
        ("station_id", "activities", "联系活动"), ("station_id", "suggestions", "意见建议"),
        ("parent_id", "stations", "下属联络点"), ("station_id", "deputies", "所属代表"),
        ("station_id", "duty_rota", "值班排班"),
    ],
    "deputies": [
        ("deputy_id", "activity_deputies", "参加活动"), ("deputy_id", "suggestions", "意见建议"),
        ("deputy_id", "member_deputies", "联系代表关系"), ("deputy_id", "deputy_constituents", "联系群众关系"),
        ("deputy_id", "seats", "届次席位"),
        ("deputy_id", "duty_rota", "值班排班"), ("deputy_id", "deputy_absences", "请假记录"),
    ],
    "members": [("member_id", "activity_members", "参加活动"), ("member_id", "member_deputies", "联系代表关系")],
    "constituents": [
        ("constituent_id", "activity_constituents", "参加活动"), ("constituent_id", "suggestions", "意见建议"),
        ("constituent_id", "deputy_constituents", "联系群众关系"),
    ],
    "departments": [("department_id", "suggestions", "交办的意见建议"), ("department_id", "suggestion_events", "办理记录"),
                    ("department_id", "suggestion_co_handlers", "协办的意见建议"), ("department_id", "suggestion_returns", "退办记录")],
}

NAME_LABEL = {"stations": "联络站(点)名称", "deputies": "代表姓名", "members": "组成人员姓名",
              "constituents": "群众姓名", "departments": "承办单位名称", "towns": "镇街名称"}

# the natural key of each roster table, used to explain a duplicate
NATURAL_KEY_TEXT = {
    "stations": "同一县区已有同名的联络站(点)",
    "deputies": "同一县区已有同名且电话相同的代表（同名的代表以电话区分）",
    "members": "同一县区已有同名的常委会组成人员",
    "constituents": "同一县区已有同名且电话相同的群众",
    "departments": "同一县区已有同名的承办单位",
}


# -- counties and towns --------------------------------------------------------------------------

def county_id_of(db: sqlite_utils.Database, text: str | None) -> int | None:
    """The id of the county a clerk typed, or None when nothing was typed."""
    return find_county(db, text)["id"] if text else None


def county_for_write(db: sqlite_utils.Database, text: str | None, default: str | None) -> dict:
    """The county a new row goes into: --county, else the config's default_county, else the only
    county with any towns; otherwise ask for --county."""
    if text or default:
        return find_county(db, text or default)
    rows = list(db.query("SELECT DISTINCT c.* FROM counties c JOIN towns t ON t.county_id = c.id"))
    if len(rows) == 1:
        return rows[0]
    raise UserError("请用 --county 指定县区（或在配置文件中设置 default_county）")


def ensure_config_counties(db: sqlite_utils.Database, entries: list | None) -> list[str]:
    """Add the counties listed in the config (name, short_name, slug, city) that the database lacks.
    Idempotent: a county already present (by name) is left alone. Returns the names added."""
    added = []
    for i, entry in enumerate(entries or [], start=1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise UserError(f"配置文件 counties 第 {i} 项应写成 {{name: 沂水县, short_name: 沂水, slug: yishui}}")
        name = str(entry["name"]).strip()
        if db.execute("SELECT 1 FROM counties WHERE name = ?", [name]).fetchone():
            continue
        add_county(db, name, entry.get("short_name"), entry.get("slug"), entry.get("city"))
        added.append(name)
    return added


def add_county(db, name: str, short_name: str | None = None, slug: str | None = None, city: str | None = None) -> int:
    name = name.strip()
    short = (short_name or "").strip() or (name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name)
    slug = (slug or "").strip().lower() or search_keys(short)["pinyin"]
    if not slug.isascii() or not slug.replace("-", "").isalnum():
        raise UserError(f"县区拼音“{slug}”只能包含英文字母、数字和连字符")
    try:
        cur = db.execute(
            "INSERT INTO counties (name, short_name, slug, city) VALUES (?, ?, ?, ?)",
            [name, short, slug, (city or "").strip() or "淄博市"],
        )
    except sqlite3.IntegrityError:
        raise UserError(f"县区“{name}”（简称 {short}，拼音 {slug}）与已有县区重复") from None
    return cur.lastrowid


def list_counties(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        """SELECT c.id, c.name, c.short_name, c.slug, c.city,
             (SELECT count(*) FROM towns t WHERE t.county_id = c.id) AS towns,
             (SELECT count(*) FROM stations s WHERE s.county_id = c.id AND s.kind = '站') AS stations,
             (SELECT count(*) FROM stations s WHERE s.county_id = c.id AND s.kind = '点') AS points,
             (SELECT count(*) FROM deputies d WHERE d.county_id = c.id AND d.active) AS deputies,
             (SELECT count(*) FROM members m WHERE m.county_id = c.id AND m.active) AS members,
             (SELECT count(*) FROM constituents p WHERE p.county_id = c.id AND p.active) AS constituents
           FROM counties c ORDER BY c.id"""
    ))


def list_towns(db: sqlite_utils.Database, county_id: int) -> list[dict]:
    return list(db.query(
        """SELECT t.id, t.name, t.kind,
             (SELECT count(*) FROM stations s WHERE s.town_id = t.id) AS stations,
             (SELECT count(*) FROM deputies d WHERE d.town_id = t.id AND d.active) AS deputies,
             (SELECT count(*) FROM constituents p WHERE p.town_id = t.id AND p.active) AS constituents
           FROM towns t WHERE t.county_id = ? ORDER BY t.id""",
        [county_id],
    ))


def town_kind(name: str) -> str:
    if name.endswith("街道") or name.endswith("办事处"):
        return "街道"
    if name.endswith("乡"):
        return "乡"
    return "镇"


def add_town(db: sqlite_utils.Database, county_id: int, name: str, kind: str | None = None) -> int:
    check_name(name, NAME_LABEL["towns"])
    kind = kind or town_kind(name)
    if kind not in ("镇", "街道", "乡"):
        raise UserError(f"镇街类型“{kind}”应为 镇、街道 或 乡")
    try:
        cur = db.execute(
            "INSERT INTO towns (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
            [county_id, name, kind, *search_keys(name).values()],
        )
    except sqlite3.IntegrityError:
        raise UserError(f"该县区已有镇街“{name}”") from None
    return cur.lastrowid


def town_id_of(db: sqlite_utils.Database, county_id: int, text: str | None) -> int | None:
    if not text:
        return None
    try:
        return find(db, "towns", text, county_id=county_id)["id"]
    except UserError as exc:
        exc.details.append("可用 `sl county add-town 县区 镇街名` 添加镇街")
        raise


# -- roster rows ---------------------------------------------------------------------------------

def insert_row(db: sqlite_utils.Database, table: str, fields: dict[str, Any]) -> int:
    """Insert one roster row with its pinyin/initials; a duplicate natural key is a UserError."""
    check_name(fields["name"], NAME_LABEL.get(table, "名称"))
    values = {**fields, **search_keys(fields["name"])}
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    try:
        cur = db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(values.values()))
    except sqlite3.IntegrityError as exc:
        raise _integrity(table, fields, exc) from None
    return cur.lastrowid


def update_row(db: sqlite_utils.Database, table: str, row_id: int, fields: dict[str, Any]) -> None:
    if not fields:
        return
    values = dict(fields)
    if "name" in values:
        check_name(values["name"], NAME_LABEL.get(table, "名称"))
        values.update(search_keys(values["name"]))
    sets = ", ".join(f"{col} = ?" for col in values)
    try:
        db.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*values.values(), row_id])
    except sqlite3.IntegrityError as exc:
        raise _integrity(table, fields, exc) from None


def _integrity(table: str, fields: dict, exc: sqlite3.IntegrityError) -> UserError:
    text = str(exc)
    if "UNIQUE" in text:
        return UserError(f"“{fields.get('name', '')}”：{NATURAL_KEY_TEXT.get(table, '与已有记录重复')}")
    if "CHECK" in text and table == "stations":
        return UserError("联络点必须有上级联络站（--parent），联络站不能有上级站")
    return UserError(f"保存{LABELS.get(table, table)}失败：{text}")


def history(db: sqlite_utils.Database, table: str, row_id: int) -> list[tuple[str, int]]:
    """What refers to a row: (label, count) for each kind of record that does."""
    out = []
    for column, other, label in HISTORY.get(table, []):
        n = db.execute(f"SELECT count(*) FROM [{other}] WHERE {column} = ?", [row_id]).fetchone()[0]
        if n:
            out.append((label, n))
    return out


def remove_row(db: sqlite_utils.Database, table: str, row: dict, command: str) -> None:
    """Delete a row nothing refers to; otherwise refuse and suggest marking it inactive."""
    used = history(db, table, row["id"])
    if used:
        what = "、".join(f"{label} {n} 条" for label, n in used)
        raise UserError(
            f"{LABELS[table]}“{row['name']}”已有记录（{what}），不能删除",
            [f"如已不再联系，请标记为不在册：sl {command} edit {row['id']} --inactive"],
        )
    db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row["id"]])
