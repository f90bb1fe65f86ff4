"""Finding a county, station, deputy, member, constituent or department from what a clerk typed:
the numeric id, the reference that travels between offices (NANMA-0042), the Chinese name, a unique
prefix, or pinyin / initials (沂源 = yiyuan = yy); and the id of an activity or suggestion from its
number or reference (record_id)."""

from __future__ import annotations

import re

import sqlite_utils

from shuanglian_cli.domain.text import normalize_name, pinyin_keys, to_halfwidth
from shuanglian_cli.errors import Ambiguous, NotFound

# table -> (Chinese label, how to describe a candidate)
LABELS = {
    "counties": "县区",
    "towns": "镇街",
    "stations": "联络站(点)",
    "deputies": "代表",
    "members": "常委会组成人员",
    "constituents": "群众",
    "departments": "承办单位",
}

_MAX_LISTED = 12

# the reference that travels: the origin site's code and the record's number there (NANMA-0042)
REFERENCE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_]{1,19})-0*(\d+)$")


def local_of_reference(db: sqlite_utils.Database, table: str, text: str) -> int | None:
    """The local id of a reference such as NANMA-0042; None when the text is not one or unknown here."""
    match = REFERENCE.match((text or "").strip())
    if not match:
        return None
    try:
        row = db.execute("SELECT row_id FROM _identity WHERE tbl = ? AND origin = ? AND ref = ?",
                         [table, match.group(1).upper(), int(match.group(2))]).fetchone()
    except Exception:  # a file from before the exchange steps
        return None
    return row[0] if row else None


def record_id(db: sqlite_utils.Database, table: str, text: str | int, label: str) -> int:
    """The local id an activity's or suggestion's number (12, #12) or reference (NANMA-0042) names;
    UserError when it is neither. Whether the record exists is the caller's look."""
    from shuanglian_cli.errors import UserError

    query = str(text).strip().lstrip("#")
    if query.isdigit():
        return int(query)
    local = local_of_reference(db, table, query)
    if local is None:
        hint = "或参考编号，例如 NANMA-0042" if REFERENCE.match(query) is None else "：本库没有这个参考编号"
        raise UserError(f"{label}“{text}”应为数字（例如 123）{hint}")
    return local


def _describe(db: sqlite_utils.Database, table: str, row: dict) -> str:
    parts = [f"#{row['id']} {row['name']}"]
    if table != "counties" and row.get("county_id"):
        county = db.execute("SELECT name FROM counties WHERE id = ?", [row["county_id"]]).fetchone()
        if county:
            parts.append(county[0])
    for key in ("work_unit", "post", "kind", "address"):
        if row.get(key) and key != "address":
            parts.append(str(row[key]))
    return "，".join(parts)


def find_county(db: sqlite_utils.Database, text: str) -> dict:
    query = to_halfwidth(str(text)).strip()
    rows = list(db.query("SELECT * FROM counties"))
    low = query.lower()
    if query.isdigit():
        hits = [r for r in rows if r["id"] == int(query)]
    else:
        hits = [r for r in rows if query in (r["name"], r["short_name"]) or low == r["slug"]]
        if not hits:
            hits = [r for r in rows if r["name"].startswith(query) or r["slug"].startswith(low)]
        if not hits:
            hits = [r for r in rows if pinyin_keys(r["short_name"])[1] == low]
    return _one(db, "counties", query, hits)


def find(
    db: sqlite_utils.Database,
    table: str,
    text: str | int,
    county_id: int | None = None,
    where: str = "",
    params: list | None = None,
) -> dict:
    """One row of `table` matching `text`; NotFound or Ambiguous (listing candidates) otherwise."""
    if table == "counties":
        return find_county(db, str(text))
    query = normalize_name(str(text))
    scope = []
    args: list = []
    if county_id is not None:
        scope.append("county_id = ?")
        args.append(county_id)
    if where:
        scope.append(where)
        args.extend(params or [])
    scope_sql = (" AND " + " AND ".join(scope)) if scope else ""
    if not query.isdigit() and REFERENCE.match(query):  # NANMA-0042: a record that began at another office
        local = local_of_reference(db, table, query)
        if local is not None:
            hits = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?{scope_sql}", [local, *args]))
            if hits:
                return hits[0]
    if query.isdigit() and len(query) < 9:
        hits = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?{scope_sql}", [int(query), *args]))
        if hits:
            return hits[0]
    for sql, value in (
        ("name = ?", query),
        ("name LIKE ? ESCAPE '\\'", _like_prefix(query)),
    ):
        hits = list(db.query(f"SELECT * FROM [{table}] WHERE {sql}{scope_sql} ORDER BY id", [value, *args]))
        if hits:
            return _one(db, table, query, hits)
    low = query.lower().replace(" ", "")
    if low.isascii() and low.isalpha():
        hits = list(
            db.query(
                f"SELECT * FROM [{table}] WHERE (pinyin = ? OR initials = ?){scope_sql} ORDER BY id",
                [low, low, *args],
            )
        )
        if not hits:
            hits = list(
                db.query(
                    f"SELECT * FROM [{table}] WHERE (pinyin LIKE ? OR initials LIKE ?){scope_sql} ORDER BY id",
                    [low + "%", low + "%", *args],
                )
            )
        if hits:
            return _one(db, table, query, hits)
    if query and not query.isascii():  # 开发区 -> 沂源经济开发区人大代表民情联络站
        hits = list(db.query(
            f"SELECT * FROM [{table}] WHERE name LIKE ? ESCAPE '\\'{scope_sql} ORDER BY id",
            ["%" + _like_prefix(query), *args],
        ))
        return _one(db, table, query, hits)
    return _one(db, table, query, [])


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _one(db: sqlite_utils.Database, table: str, query: str, hits: list[dict]) -> dict:
    label = LABELS.get(table, table)
    if not hits:
        raise NotFound(f"找不到{label}“{query}”", ["可以用名称、名称开头、编号或拼音首字母查找；用 list 命令查看全部"])
    if len(hits) > 1:
        exact = [h for h in hits if h.get("name") == query]
        if len(exact) == 1:
            return exact[0]
        lines = [_describe(db, table, h) for h in hits[:_MAX_LISTED]]
        if len(hits) > _MAX_LISTED:
            lines.append(f"……共 {len(hits)} 个")
        raise Ambiguous(f"“{query}”对应多个{label}，请用编号或更完整的名称指定：", lines)
    return hits[0]


def search_keys(name: str) -> dict:
    """Columns to store beside a name so pinyin lookups are an index probe."""
    full, initials = pinyin_keys(name)
    return {"pinyin": full, "initials": initials}


class SearchKeyCache:
    """search_keys for many names at once (imports): pypinyin is an import's main cost per name, so
    short names without any multi-character phrase in pypinyin's dictionary are spelled character by
    character (cached), which gives the same result as pinyin_keys; other names go through
    pinyin_keys once."""

    def __init__(self) -> None:
        from pypinyin.constants import PHRASES_DICT

        self._phrases = PHRASES_DICT
        self._chars: dict[str, tuple[str, str]] = {}
        self._names: dict[str, dict] = {}

    def __call__(self, name: str) -> dict:
        keys = self._names.get(name)
        if keys is None:
            keys = self._names[name] = self._compute(name)
        return keys

    def _compute(self, name: str) -> dict:
        n = len(name)
        if n > 6 or any(name[i:j] in self._phrases for i in range(n - 1) for j in range(i + 2, n + 1)):
            return search_keys(name)
        full, initials = [], []
        for ch in name:
            pair = self._chars.get(ch)
            if pair is None:
                pair = self._chars[ch] = pinyin_keys(ch)
            full.append(pair[0])
            initials.append(pair[1])
        return {"pinyin": "".join(full), "initials": "".join(initials)}
