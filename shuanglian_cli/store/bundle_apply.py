"""Merging a peer's bundle into this file, inside the caller's transaction (services/bundles.py).

Records are matched by global id, else by natural key (county + name + phone for people, county +
name for places and bodies) and linked from then on; an ambiguous match is listed, never guessed.
Roster fields: the edit with the larger (hybrid logical clock, site) wins, field by field, and a
lost local edit is listed. Suggestion events and the referral desk's returns are insert-only; a
co-handler is matched by global id, else by (suggestion, round, body), and its opinion merges like a
roster field; a suggestion's state, reply class and promise are the fold of its events (domain/fold.py). A tombstone deletes (a suggestion another site acted on is kept and
listed); an erasure wins over any edit and scrubs this file's trail too. Applying the same bundle
twice, or bundles out of order, gives the same result. A city, which sends only acknowledgements,
notes no changes for what it receives (its deletions' tombstones it keeps)."""

from __future__ import annotations

import json
from collections import Counter

from shuanglian_cli.domain import fold as folding
from shuanglian_cli.domain.hlc import later
from shuanglian_cli.store.bundle_rows import (
    INSERT_ONLY,
    LINK_TARGET,
    OF_SUGGESTION,
    ORDER,
    REFS,
    YEARLY,
    columns,
    links_of,
)

NATURAL_KEYS = {"deputies": ("county_id", "name", "phone"), "constituents": ("county_id", "name", "phone"),
                "members": ("county_id", "name"), "stations": ("county_id", "name"),
                "departments": ("county_id", "name"),
                # one body co-handles a suggestion's round once, whichever site named it first
                "suggestion_co_handlers": ("suggestion_id", "round", "department_id")}


class Merger:
    def __init__(self, db, site: dict, sender: dict):
        self.db = db
        self.site = site
        self.sender = sender
        self.inserted: Counter = Counter()
        self.updated: Counter = Counter()
        self.deleted: Counter = Counter()
        self.conflicts: list[dict] = []
        self.counties = {n: i for i, n in db.execute("SELECT id, name FROM counties")}
        self.towns = {(c, n): i for i, c, n in db.execute("SELECT id, county_id, name FROM towns")}
        self.touched: set[int] = set()  # suggestions whose events changed
        self.hlc = 0
        self.later_links: list[tuple] = []  # links are set once every record they name is here
        self.ids: dict[str, dict[str, int]] = {}  # table -> global id -> local id
        self.dead: dict[str, set[str]] = {}  # tombstoned global ids among those looked up
        self.looked: dict[str, set[str]] = {}
        self.events_of: dict[str, list[dict]] = {}  # the bundle's events by suggestion global id
        self.prefolded: set[int] = set()  # new suggestions whose whole history came in this bundle
        self.here: dict[tuple[str, int], tuple] = {}  # (table, local id) -> (gid, origin, values, clocks)
        self.added: set[str] = set()  # global ids of the suggestions this bundle adds
        self.plans: dict[str, tuple] = {}  # table -> how each column becomes local (local_values)
        # a city sends only acknowledgements: what it receives is news to no one, only its deletions are kept
        self.forwards = site.get("kind") != "city"

    def apply_links(self) -> None:
        fresh: dict[tuple, list[tuple]] = {}  # a record new here has no links yet: its sets go in together
        for table, local, row, force, here_gid, origin in self.later_links:
            if force:
                self.new_links(table, local, row, fresh)
            elif self.set_links(table, local, row, force=False, here_gid=here_gid):
                self.record_change(table, here_gid, self.hlc, origin)
        for (link, cols), values in fresh.items():
            self.db.conn.executemany(f"INSERT OR IGNORE INTO {link} ({', '.join(cols)}) "
                                     f"VALUES ({', '.join('?' * len(cols))})", values)

    def new_links(self, table: str, local: int, row: dict, out: dict[tuple, list[tuple]]) -> None:
        """The link rows of a record just inserted, gathered per link table into `out`."""
        incoming = row.get("links") or {}
        for link, own_col, other, pseudo in links_of(table):
            target = LINK_TARGET[other]
            cache = self.ids.get(target, {})
            for item in incoming.get(pseudo) or ():
                year, g = (item[0], item[1]) if link in YEARLY else (None, item)
                lid = cache.get(g) or self.local_id(target, g)
                if lid is None:
                    self.conflict(table, row["gid"], "missing_ref", f"{pseudo}={g}")
                elif link in YEARLY:
                    out.setdefault((link, ("year", own_col, other)), []).append((year, local, lid))
                else:
                    out.setdefault((link, (own_col, other)), []).append((local, lid))

    # -- identity ----------------------------------------------------------------------------
    def local_id(self, table: str, gid: str | None) -> int | None:
        if gid is None:
            return None
        cache = self.ids.setdefault(table, {})
        if gid in cache:
            return cache[gid]
        if gid in self.looked.get(table, ()):
            return None  # looked up with the others: not here
        row = self.db.execute("SELECT row_id FROM _identity WHERE tbl = ? AND gid = ?", [table, gid]).fetchone()
        if row is None:
            alias = self.db.execute("SELECT gid FROM _gid_alias WHERE alias = ?", [gid]).fetchone()
            if alias:
                row = self.db.execute("SELECT row_id FROM _identity WHERE tbl = ? AND gid = ?",
                                      [table, alias[0]]).fetchone()
        if row is not None:
            cache[gid] = row[0]
        return row[0] if row else None

    def prefetch(self, table: str, gids) -> None:
        """Look up many global ids at once (a bundle holds thousands): one join, not a query each."""
        cache = self.ids.setdefault(table, {})
        gids = [g for g in set(gids) if g and g not in cache]
        if not gids:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _lookup (gid TEXT PRIMARY KEY) WITHOUT ROWID")
        self.db.execute("DELETE FROM _lookup")
        self.db.conn.executemany("INSERT OR IGNORE INTO _lookup VALUES (?)", [(g,) for g in gids])
        cache.update(self.db.execute(
            "SELECT l.gid, i.row_id FROM _lookup l JOIN _identity i ON i.tbl = ? AND i.gid = l.gid", [table]))
        for alias, row_id in self.db.execute(
                "SELECT l.gid, i.row_id FROM _lookup l JOIN _gid_alias a ON a.alias = l.gid "
                "JOIN _identity i ON i.tbl = ? AND i.gid = a.gid", [table]):
            cache[alias] = row_id
        # only a record not here can be a tombstone here
        missing = [g for g in gids if g not in cache]
        if missing and len(missing) < len(gids):
            self.db.execute("DELETE FROM _lookup")
            self.db.conn.executemany("INSERT INTO _lookup VALUES (?)", [(g,) for g in missing])
        if missing:
            self.dead.setdefault(table, set()).update(g for (g,) in self.db.execute(
                "SELECT l.gid FROM _lookup l JOIN _changes c ON c.tbl = ? AND c.gid = l.gid AND c.deleted = 1",
                [table]))
        self.looked.setdefault(table, set()).update(gids)

    def prefetch_of_suggestions(self, table: str, rows: list[dict]) -> None:
        """A suggestion's events (or desk rows) held here, read through their suggestions (a range of
        the suggestion index each) rather than each global id; only the rest are looked up one by
        one among identities and tombstones (prefetch)."""
        sids = self.ids.get("suggestions", {})
        known = {sids[r["suggestion_id"]] for r in rows if r.get("suggestion_id") in sids}
        cache = self.ids.setdefault(table, {})
        if known:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _here (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM _here")
            self.db.conn.executemany("INSERT INTO _here VALUES (?)", [(i,) for i in sorted(known)])
            cache.update(self.db.execute(
                f"SELECT i.gid, i.row_id FROM _here h JOIN {table} t ON t.suggestion_id = h.id "
                f"JOIN _identity i ON i.tbl = ? AND i.row_id = t.id", [table]))
        self.prefetch(table, [r["gid"] for r in rows if r["gid"] not in cache])

    def conflict(self, table: str, gid: str, kind: str, detail: str = "") -> None:
        self.conflicts.append({"table": table, "gid": gid, "kind": kind, "detail": detail})
        cur = self.db.execute("INSERT OR IGNORE INTO _conflicts (peer, tbl, gid, kind, detail) VALUES (?, ?, ?, ?, ?)",
                              [self.sender["code"], table, gid, kind, detail])
        if cur.rowcount == 1:  # audited once, when first found: the same bundle applied again adds nothing
            from shuanglian_cli.store.audit import log_event

            here = self.db.execute("SELECT row_id FROM _identity WHERE tbl = ? AND gid = ?", [table, gid]).fetchone()
            log_event(self.db, "conflict", table, here[0] if here else None,
                      details={"peer": self.sender["code"], "gid": gid, "kind": kind, "detail": detail})

    def record_change(self, table: str, gid: str, hlc: int, site: str | None, deleted: int = 0) -> None:
        if not deleted and not self.forwards:
            return
        self.db.execute("INSERT OR REPLACE INTO _changes (tbl, gid, deleted, hlc, site) VALUES (?, ?, ?, ?, ?)",
                        [table, gid, deleted, hlc, site])

    # -- values ------------------------------------------------------------------------------
    def local_values(self, table: str, row: dict) -> dict | None:
        """The row's columns with local ids; None when a record it refers to is missing here."""
        plan = self.plans.get(table) or self.plan(table)
        cols, getter, refs, county, town = plan
        try:
            values = list(getter(row))
        except KeyError:  # a bundle from a writer that knew fewer columns
            values = [row.get(c) for c in cols]
        for n, c, ref in refs:
            v = values[n]
            if v is None:
                continue
            local = self.ids[ref].get(v) if ref in self.ids else None
            if local is None:  # looked up with the others (prefetch), else one by one
                local = self.local_id(ref, v)
                if local is None:
                    self.conflict(table, row["gid"], "missing_ref", f"{c}={v}")
                    return None
            values[n] = local
        if county is not None:
            v = values[county]
            if v not in self.counties:
                self.conflict(table, row["gid"], "unknown_county", str(v))
                return None
            values[county] = self.counties[v]
        if town is not None:
            values[town] = self.town(values[county] if county is not None else None, values[town])
        return dict(zip(cols, values, strict=True))

    def plan(self, table: str) -> tuple:
        """How a table's columns become local: (columns, getter, [(position, column, referred table)],
        position of county_id, of town_id)."""
        from operator import itemgetter

        cols = columns(table)
        refs = REFS[table]
        self.plans[table] = (cols, itemgetter(*cols), [(n, c, refs[c]) for n, c in enumerate(cols) if c in refs],
                             cols.index("county_id") if "county_id" in cols else None,
                             cols.index("town_id") if "town_id" in cols else None)
        return self.plans[table]

    def town(self, county_id: int | None, name: str | None) -> int | None:
        if name is None or county_id is None:
            return None
        key = (county_id, name)
        if key not in self.towns:
            from shuanglian_cli.store.rosters import add_town

            self.towns[key] = add_town(self.db, county_id, name)
        return self.towns[key]

    def match(self, table: str, values: dict, gid: str) -> int | None:
        """A record here with the same natural key, linked from now on; several: listed, None."""
        keys = NATURAL_KEYS.get(table)
        if not keys:
            return None
        found = self.db.execute(
            f"SELECT id FROM {table} WHERE {' AND '.join(f'{k} IS ?' for k in keys)}",
            [values.get(k) for k in keys]).fetchall()
        if len(found) > 1:
            self.conflict(table, gid, "ambiguous", "、".join(str(r[0]) for r in found))
            return -1
        if not found:
            return None
        local = found[0][0]
        have = self.db.execute("SELECT gid FROM _identity WHERE tbl = ? AND row_id = ?", [table, local]).fetchone()
        if have is None:
            self.db.execute("INSERT INTO _identity (tbl, row_id, gid, origin, ref) VALUES (?, ?, ?, ?, ?)",
                            [table, local, gid, self.sender["code"], local])
        elif have[0] != gid:
            self.db.execute("INSERT OR REPLACE INTO _gid_alias (alias, gid) VALUES (?, ?)", [gid, have[0]])
        self.ids.setdefault(table, {})[gid] = local
        return local

    # -- records -----------------------------------------------------------------------------
    def apply_rows(self, table: str, rows: list[dict]) -> None:
        if table == "stations":  # stations before their points
            rows = sorted(rows, key=lambda r: r.get("parent_id") is not None)
        if table in OF_SUGGESTION:  # a suggestion new here has none of its rows here yet: no need to look
            self.prefetch_of_suggestions(table, [r for r in rows if r.get("suggestion_id") not in self.added])
        else:
            self.prefetch(table, [r["gid"] for r in rows])
        for col, ref in REFS[table].items():
            self.prefetch(ref, [r.get(col) for r in rows])
        fresh: list[tuple[dict, dict]] = []
        known = [self.ids[table][r["gid"]] for r in rows if r["gid"] in self.ids.get(table, {})]
        if known and table not in INSERT_ONLY:
            self.load_here(table, known, [c for c in columns(table)])
        cache = self.ids.setdefault(table, {})
        dead = self.dead.get(table, ())
        insert_only = table in INSERT_ONLY
        for row in rows:
            gid = row["gid"]
            clocks = row.get("clocks")
            if clocks:
                self.hlc = max(self.hlc, *(c[0] for c in clocks.values()))
            local = cache.get(gid)
            if local is not None and insert_only:
                continue  # events and returns are insert-only: one already here is done
            if gid in dead:
                continue
            values = self.local_values(table, row)
            if values is None:
                continue
            if local is None and table in NATURAL_KEYS:
                local = self.match(table, values, gid)
                if local == -1:
                    continue
            if local is None:
                fresh.append((row, values))
                if table == "stations":  # a point may name a station of this same bundle
                    self.insert_many(table, fresh)
                    fresh = []
            elif not insert_only:
                self.merge(table, row, values, local)
        self.insert_many(table, fresh)

    def load_here(self, table: str, locals_: list[int], cols: list[str]) -> None:
        """What this file holds of records about to be merged, read together: their global id and
        origin, their values and their field clocks."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _here (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM _here")
        self.db.conn.executemany("INSERT OR IGNORE INTO _here VALUES (?)", [(i,) for i in locals_])
        found = {}
        for r in self.db.execute(
                f"SELECT t.id, i.gid, i.origin, {', '.join('t.' + c for c in cols)} FROM _here h "
                f"JOIN {table} t ON t.id = h.id JOIN _identity i ON i.tbl = ? AND i.row_id = t.id", [table]):
            found[r[0]] = [r[1], r[2], dict(zip(cols, r[3:], strict=True)), {}]
        by_gid = {v[0]: v for v in found.values()}
        for gid, field, hlc, site in self.db.execute(
                "SELECT f.gid, f.field, f.hlc, f.site FROM _here h JOIN _identity i ON i.tbl = ? AND i.row_id = h.id "
                "JOIN _field_clocks f ON f.tbl = ? AND f.gid = i.gid", [table, table]):
            by_gid[gid][3][field] = (hlc, site)
        for local, v in found.items():
            self.here[(table, local)] = tuple(v)

    def insert_many(self, table: str, fresh: list[tuple[dict, dict]]) -> None:
        """New records in one batch each for the table, their identities, clocks and changes."""
        if not fresh:
            return
        start = self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0] + 1
        if table == "suggestions":
            for row, values in fresh:
                self.prefold(row, values)
        cols = ["id", *fresh[0][1]]
        self.db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [(start + n, *values.values()) for n, (_, values) in enumerate(fresh)])
        cache = self.ids.setdefault(table, {})
        identity = [(table, start + n, row["gid"], row.get("origin"), row.get("ref")) for n, (row, _) in enumerate(fresh)]
        cache.update((r[2], r[1]) for r in identity)
        clocks = [(table, row["gid"], f, c[0], c[1]) for row, _ in fresh if row.get("clocks")
                  for f, c in row["clocks"].items()]
        # sorted by global id: the change table's key grows page by page, not at random
        changes = sorted((table, row["gid"], 0, self.hlc, row.get("origin")) for row, _ in fresh) \
            if self.forwards else []
        if table == "suggestion_events":
            self.touched.update(sid for _, v in fresh if (sid := v["suggestion_id"]) not in self.prefolded)
        elif table == "suggestions":
            self.prefolded.update(range(start, start + len(fresh)))
            self.added.update(r[2] for r in identity)
        for n, (row, values) in enumerate(fresh):
            if row.get("links"):
                self.later_links.append((table, start + n, row, True, row["gid"], row.get("origin")))
            if table == "constituents" and values.get("erased"):
                self.scrub_constituent(start + n, values)
        self.db.conn.executemany("INSERT INTO _identity (tbl, row_id, gid, origin, ref) VALUES (?, ?, ?, ?, ?)",
                                 identity)
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO _field_clocks (tbl, gid, field, hlc, site) VALUES (?, ?, ?, ?, ?)", clocks)
        if self.forwards:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO _changes (tbl, gid, deleted, hlc, site) VALUES (?, ?, ?, ?, ?)", changes)
        self.inserted[table] += len(fresh)

    def prefold(self, row: dict, values: dict) -> None:
        """A new suggestion whose events all come in this bundle: its folded state goes in with it."""
        departments = self.ids.get("departments", {})
        events = [e if not e.get("department_id") else
                  {**e, "department_id": departments.get(e["department_id"])
                   or self.local_id("departments", e["department_id"])}
                  for e in self.events_of.get(row["gid"], [])]
        state, unusable = folding.fold(events)
        for e in unusable:
            self.conflict("suggestion_events", e.get("gid") or "", "unusable_event", f"{e['kind']} {e['on_date']}")
        values.update(state)
        values["due_confirmed"] = 1 if state["due_on"] else None
        row["_prefolded"] = True

    def set_clocks(self, table: str, gid: str, clocks: dict) -> None:
        if not clocks:
            return
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO _field_clocks (tbl, gid, field, hlc, site) VALUES (?, ?, ?, ?, ?)",
            [(table, gid, f, c[0], c[1]) for f, c in clocks.items()])

    def merge(self, table: str, row: dict, values: dict, local: int) -> None:
        here = self.here.get((table, local))
        if here is None:
            self.load_here(table, [local], list(values))
            here = self.here[(table, local)]
        here_gid, origin, current, mine = here
        if table == "constituents" and current.get("erased"):
            return  # an erasure wins over any edit
        if values == current:  # the same record (a resend): no field to weigh, only its links
            if row.get("links"):
                self.later_links.append((table, local, row, False, here_gid, origin))
            return
        theirs = {f: (c[0], c[1]) for f, c in (row.get("clocks") or {}).items()}
        default = (0, origin or "")
        changes, won = {}, {}
        for field, value in values.items():
            if field in ("pinyin", "initials"):
                continue
            t = theirs.get(field, (0, row.get("origin") or ""))
            m = mine.get(field, default)
            if value == current[field] or not later(t, m):
                if value != current[field] and t[0] and m[0]:
                    self.conflict(table, here_gid, "field_kept", f"{field}")
                continue
            if m[0] and t[0]:
                self.conflict(table, here_gid, "field_replaced", f"{field}")
            changes[field] = value
            won[field] = list(t)
        if "name" in changes and "pinyin" in values:
            changes["pinyin"], changes["initials"] = values["pinyin"], values["initials"]
        if values.get("erased") and not current.get("erased") and table == "constituents":
            self.scrub_constituent(local, {**current, **changes})
            changes = {k: v for k, v in changes.items() if k not in ("name", "phone", "address", "pinyin", "initials")}
        if changes:
            self.db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
                            [*changes.values(), local])
            self.updated[table] += 1
        self.set_clocks(table, here_gid, won)
        current.update(changes)  # the cached view stays true for the links and any later look
        mine.update({f: tuple(c) for f, c in won.items()})
        self.later_links.append((table, local, row, False, here_gid, origin))
        if changes:
            self.record_change(table, here_gid, self.hlc, origin)
            if table == "suggestions":
                self.touched.add(local)

    def set_links(self, table: str, local: int, row: dict, force: bool, here_gid: str | None = None) -> bool:
        incoming = row.get("links") or {}
        changed = False
        for link, own_col, other, pseudo in links_of(table):
            if pseudo not in incoming:
                continue
            if not force:
                t = tuple((row.get("clocks") or {}).get(pseudo, (0, row.get("origin") or "")))
                known = self.here.get((table, local))
                m = known[3].get(pseudo, (0, "")) if known else (self.db.execute(
                    "SELECT hlc, site FROM _field_clocks WHERE tbl = ? AND gid = ? AND field = ?",
                    [table, here_gid, pseudo]).fetchone() or (0, ""))
                if not later(t, tuple(m)):
                    continue
                self.set_clocks(table, here_gid, {pseudo: list(t)})
            target = LINK_TARGET[other]
            wanted = set()
            for item in incoming[pseudo]:
                year, g = (item[0], item[1]) if link in YEARLY else (None, item)
                lid = self.local_id(target, g)
                if lid is None:
                    self.conflict(table, row["gid"], "missing_ref", f"{pseudo}={g}")
                    continue
                wanted.add((year, lid) if link in YEARLY else lid)
            if link in YEARLY:
                have = set(self.db.execute(f"SELECT year, {other} FROM {link} WHERE {own_col} = ?", [local]))
                for y, o in have - wanted:
                    self.db.execute(f"DELETE FROM {link} WHERE {own_col} = ? AND year = ? AND {other} = ?", [local, y, o])
                self.db.conn.executemany(f"INSERT INTO {link} (year, {own_col}, {other}) VALUES (?, ?, ?)",
                                         [(y, local, o) for y, o in wanted - have])
            else:
                have = {r[0] for r in self.db.execute(f"SELECT {other} FROM {link} WHERE {own_col} = ?", [local])}
                for o in have - wanted:
                    self.db.execute(f"DELETE FROM {link} WHERE {own_col} = ? AND {other} = ?", [local, o])
                self.db.conn.executemany(f"INSERT INTO {link} ({own_col}, {other}) VALUES (?, ?)",
                                         [(local, o) for o in wanted - have])
            changed = changed or have != wanted
        return changed

    def scrub_constituent(self, local: int, person: dict) -> None:
        from shuanglian_cli.store.privacy import scrub_audit

        self.db.conn.execute("PRAGMA secure_delete = ON")
        name = self.db.execute("SELECT name, county_id FROM constituents WHERE id = ?", [local]).fetchone()
        self.db.execute("UPDATE constituents SET name = ?, phone = '', address = '', pinyin = '', initials = '', "
                        "active = 0, erased = 1 WHERE id = ?", [f"已删除#{local}", local])
        self.db.execute("UPDATE suggestions SET raiser_name = '' WHERE constituent_id = ? AND raiser_name != ''",
                        [local])
        scrub_audit(self.db.conn, local, raiser=(name[0], name[1]))

    # -- tombstones --------------------------------------------------------------------------
    def apply_deletions(self, deleted: list[list]) -> None:
        for table, gid, hlc, site in deleted:
            if table not in REFS:
                continue
            local = self.local_id(table, gid)
            if local is None:
                self.record_change(table, gid, hlc, site, deleted=1)
                continue
            if table == "suggestions":
                others = self.db.execute(
                    "SELECT count(*) FROM suggestion_events e JOIN _identity i ON i.tbl = 'suggestion_events' "
                    "AND i.row_id = e.id WHERE e.suggestion_id = ? AND i.origin IS NOT ? AND e.kind != 'collect'",
                    [local, site]).fetchone()[0]
                if others:
                    self.conflict(table, gid, "delete_refused", f"{others} 个其他站点的办理步骤")
                    continue
            self.db.execute("SAVEPOINT del")
            try:
                if table == "suggestions":
                    for part in OF_SUGGESTION:  # its events and desk rows go with it
                        ev = [r[0] for r in self.db.execute(f"SELECT id FROM {part} WHERE suggestion_id = ?", [local])]
                        self.db.execute(f"DELETE FROM {part} WHERE suggestion_id = ?", [local])
                        self.db.conn.executemany(f"DELETE FROM _identity WHERE tbl = '{part}' AND row_id = ?",
                                                 [(e,) for e in ev])
                for link, own_col, _, _ in links_of(table):
                    self.db.execute(f"DELETE FROM {link} WHERE {own_col} = ?", [local])
                self.db.execute(f"DELETE FROM {table} WHERE id = ?", [local])
            except Exception as exc:  # still referred to here (a deputy with suggestions)
                import sqlite3

                if not isinstance(exc, sqlite3.IntegrityError):
                    raise
                self.db.execute("ROLLBACK TO del")
                self.db.execute("RELEASE del")
                self.conflict(table, gid, "delete_refused", "仍被其他记录引用")
                continue
            self.db.execute("RELEASE del")
            self.db.execute("DELETE FROM _identity WHERE tbl = ? AND gid = ?", [table, gid])
            self.record_change(table, gid, hlc, site, deleted=1)
            self.deleted[table] += 1

    # -- the fold ----------------------------------------------------------------------------
    def refold(self) -> None:
        from shuanglian_cli.store.bundle_rows import REFS as _  # noqa: F401

        ids = sorted(self.touched)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            events: dict[int, list[dict]] = {}
            for sid, kind, on, dep, limit, due, sat, note, cls, promise, origin, gid, ref in self.db.execute(
                    f"SELECT e.suggestion_id, e.kind, e.on_date, e.department_id, e.limit_workdays, e.due_on, "
                    f"e.satisfaction, e.note, e.reply_class, e.promise_on, i.origin, i.gid, i.ref "
                    f"FROM suggestion_events e LEFT JOIN _identity i "
                    f"ON i.tbl = 'suggestion_events' AND i.row_id = e.id WHERE e.suggestion_id IN ({marks})", chunk):
                events.setdefault(sid, []).append(
                    {"kind": kind, "on_date": on, "department_id": dep, "limit_workdays": limit, "due_on": due,
                     "satisfaction": sat, "note": note, "reply_class": cls, "promise_on": promise,
                     "origin": origin, "gid": gid, "ref": ref})
            cols = folding.FOLDED
            current = {r[0]: dict(zip(cols, r[1:], strict=True)) for r in self.db.execute(
                f"SELECT id, {', '.join(cols)} FROM suggestions WHERE id IN ({marks})", chunk)}
            for sid in chunk:
                if sid not in current:
                    continue
                state, unusable = folding.fold(events.get(sid, []))
                for e in unusable:
                    self.conflict("suggestion_events", e.get("gid") or "", "unusable_event",
                                  f"{e['kind']} {e['on_date']}")
                diff = {c: v for c, v in state.items() if current[sid][c] != v}
                if diff:
                    self.db.execute(f"UPDATE suggestions SET {', '.join(f'{c} = ?' for c in diff)} WHERE id = ?",
                                    [*diff.values(), sid])


def merge_payload(db, site: dict, sender: dict, payload: dict) -> Merger:
    """Apply a bundle's records (inside the caller's transaction, `_site.applying` set)."""
    from shuanglian_cli.store.audit import bulk_inserts

    m = Merger(db, site, sender)
    rows = payload.get("rows") or {}
    for county, name, kind, pinyin, initials in payload.get("towns") or []:
        county_id = m.counties.get(county)
        if county_id is not None and (county_id, name) not in m.towns:
            m.towns[(county_id, name)] = db.execute(
                "INSERT INTO towns (county_id, name, kind, pinyin, initials) VALUES (?, ?, ?, ?, ?)",
                [county_id, name, kind, pinyin, initials]).lastrowid
    for e in rows.get("suggestion_events") or []:
        m.events_of.setdefault(e["suggestion_id"], []).append(e)
    # the audit trail notes the records a bundle adds as id ranges (bulk mode); edits stay row by row
    with bulk_inserts(db, [t for t in ORDER if rows.get(t)], note=f"bundle {sender['code']}"):
        for table in ORDER:
            if rows.get(table):
                m.apply_rows(table, rows[table])
    m.apply_links()
    m.apply_deletions(payload.get("deleted") or [])
    m.refold()
    m.hlc = max(m.hlc, int(payload.get("hlc") or 0))
    db.execute("UPDATE _site SET hlc = max(hlc, ?) WHERE id = 1", [m.hlc])
    return m


def conflict_rows(db, peer: str | None = None) -> list[dict]:
    sql = "SELECT at, peer, tbl, gid, kind, detail FROM _conflicts"
    args = []
    if peer:
        sql += " WHERE peer = ?"
        args.append(peer)
    return [dict(zip(("at", "peer", "table", "gid", "kind", "detail"), r, strict=True))
            for r in db.execute(sql + " ORDER BY id", args)]


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
