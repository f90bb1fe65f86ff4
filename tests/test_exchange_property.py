"""Three sites (town NANMA, county YIYUAN, city ZIBO) doing random work and exchanging bundles in
random order, with duplicates, losses and a restore from backup: once everything is delivered and
acknowledged, they hold the same content in scope, compared by global id (issue 13, tests).

max_examples is stated below (derandomised, so CI's time is known); keys are real scrypt keys, derived once per
passphrase and salt and cached in the process (io/bundle_file.derive_key), never a weaker one."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from shuanglian_cli.services import bundles
from shuanglian_cli.services.sites import add_peer, renew_after_restore, set_site
from shuanglian_cli.store import suggestions as sug
from shuanglian_cli.store.connection import transaction
from shuanglian_cli.store.db import open_db

KEY = "三方交换测试口令"
SITES = {"T": ("NANMA", "town", "沂源"), "C": ("YIYUAN", "county", "沂源"), "Y": ("ZIBO", "city", None)}
LINKS = [("T", "C"), ("C", "T"), ("C", "Y"), ("Y", "C")]


class Calendar:
    def deadline(self, on, limit):
        class D:
            due = on + dt.timedelta(days=limit + 6)
            confirmed = True
        return D

    def workdays_between(self, start, end):
        return (end - start).days


def _gid(db, table, rid):
    return db.execute("SELECT gid FROM _identity WHERE tbl = ? AND row_id = ?", [table, rid]).fetchone()[0]


def _local(db, table, gid):
    row = db.execute("SELECT row_id FROM _identity WHERE tbl = ? AND gid = ?", [table, gid]).fetchone()
    return row[0] if row else None


def dump(db, county_only=True) -> dict:
    """Logical content by global id: suggestions with their state, events, deputies, constituents."""
    out = {}
    for gid, content, state, replied, sat, department, referred in db.execute(
            "SELECT i.gid, s.content, s.state, s.replied_on, s.satisfaction, d.name, s.referred_on FROM suggestions s "
            "JOIN _identity i ON i.tbl = 'suggestions' AND i.row_id = s.id "
            "LEFT JOIN departments d ON d.id = s.department_id"):
        out[gid] = (content, state, replied, sat, department, referred)
    events = sorted(r[0] for r in db.execute(
        "SELECT i.gid FROM suggestion_events e JOIN _identity i ON i.tbl = 'suggestion_events' AND i.row_id = e.id"))
    deputies = sorted(db.execute(
        "SELECT i.gid, d.phone, d.work_unit FROM deputies d JOIN _identity i ON i.tbl = 'deputies' AND i.row_id = d.id"))
    people = sorted(db.execute(
        "SELECT i.gid, c.erased, c.phone FROM constituents c "
        "JOIN _identity i ON i.tbl = 'constituents' AND i.row_id = c.id"))
    return {"suggestions": out, "events": events, "deputies": deputies, "constituents": people}


class Exchange(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="sl-exchange-"))
        self.dbs = {}
        for key, (code, kind, county) in SITES.items():
            db = open_db(self.dir / f"{code}.db", create=True)
            set_site(db, name=code, code=code, kind=kind, county=county)
            self.dbs[key] = db
        for a, b in LINKS:
            code, kind, county = SITES[b]
            add_peer(self.dbs[a], code=code, name="南麻街道" if b == "T" else code, kind=kind, county=county)
        t, c = self.dbs["T"], self.dbs["C"]
        with transaction(t):
            t.execute("INSERT INTO towns (county_id, name) VALUES (8, '南麻街道')")
            t.execute("INSERT INTO stations (county_id, town_id, name) VALUES (8, 1, '南麻站')")
            for i in range(3):
                t.execute("INSERT INTO deputies (county_id, town_id, station_id, name, phone) VALUES (8, 1, 1, ?, ?)",
                          [f"代表{i}", f"1380000000{i}"])
                t.execute("INSERT INTO constituents (county_id, town_id, name, phone) VALUES (8, 1, ?, ?)",
                          [f"群众{i}", f"1390000000{i}"])
        with transaction(c):
            c.execute("INSERT INTO departments (county_id, name) VALUES (8, '县住建局')")
            c.execute("INSERT INTO departments (county_id, name) VALUES (8, '县交通局')")
        self.files: list[tuple[str, Path]] = []
        self.n = 0
        self.backup: Path | None = None
        self.day = dt.date(2026, 11, 1)

    def teardown(self):
        for db in self.dbs.values():
            db.conn.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _next_day(self):
        self.day = min(self.day + dt.timedelta(days=1), dt.date(2026, 11, 29))
        return self.day

    def _pick(self, db, state, i):
        rows = [r[0] for r in db.execute("SELECT id FROM suggestions WHERE state = ? ORDER BY id", [state])]
        return rows[i % len(rows)] if rows else None

    @rule()
    def town_collects(self):
        t = self.dbs["T"]
        with transaction(t):
            sug.add_suggestion(t, county_id=8, collected_on=self._next_day(), content=f"建议{self.n}",
                               station_id=1, deputy_id=1)
        self.n += 1

    @rule(i=st.integers(0, 50))
    def county_refers(self, i):
        c = self.dbs["C"]
        sid = self._pick(c, "collected", i)
        if sid:
            with transaction(c):
                sug.refer(c, sid, department_id=1, on=self._next_day(), calendar=Calendar(), limit_workdays=15)

    @rule(i=st.integers(0, 50))
    def county_returns_and_refers_again(self, i):  # the body returns it and the desk refers it on, one day
        from shuanglian_cli.store import referrals

        c = self.dbs["C"]
        sid = self._pick(c, "referred", i)
        if sid:
            holder = c.execute("SELECT department_id FROM suggestions WHERE id = ?", [sid]).fetchone()[0]
            day = self._next_day()
            with transaction(c):
                referrals.return_(c, sid, department_id=holder, on=day, reason="不属于本单位职责", calendar=Calendar(),
                                  window=30)
                sug.refer(c, sid, department_id=3 - holder, on=day, calendar=Calendar(), limit_workdays=15)

    @rule(i=st.integers(0, 50))
    def county_replies(self, i):
        c = self.dbs["C"]
        sid = self._pick(c, "referred", i)
        if sid:
            with transaction(c):
                sug.reply(c, sid, on=self._next_day(), content="已办理")

    @rule(i=st.integers(0, 50))
    def town_feedback(self, i):
        t = self.dbs["T"]
        sid = self._pick(t, "replied", i)
        if sid:
            with transaction(t):
                sug.feedback(t, sid, on=self._next_day(), satisfaction="满意")

    @rule(i=st.integers(0, 50))
    def town_deletes_new_suggestion(self, i):
        t = self.dbs["T"]
        sid = self._pick(t, "collected", i)
        if sid:
            with transaction(t):
                t.execute("DELETE FROM suggestion_events WHERE suggestion_id = ?", [sid])
                t.execute("DELETE FROM suggestions WHERE id = ?", [sid])

    @rule(site=st.sampled_from(["T", "C"]), i=st.integers(0, 2), field=st.sampled_from(["phone", "work_unit"]))
    def roster_edit(self, site, i, field):
        db = self.dbs[site]
        gid = _gid(self.dbs["T"], "deputies", i + 1)
        local = _local(db, "deputies", gid)
        if local:
            with transaction(db):
                db.execute(f"UPDATE deputies SET {field} = ? WHERE id = ?", [f"{site}{self.n}", local])
            self.n += 1

    @rule(i=st.integers(0, 2))
    def town_forgets(self, i):
        from shuanglian_cli.store.privacy import forget_constituent

        t = self.dbs["T"]
        row = t.execute("SELECT id, name, county_id FROM constituents WHERE id = ? AND erased = 0", [i + 1]).fetchone()
        if row:
            forget_constituent(t, {"id": row[0], "name": row[1], "county_id": row[2]})

    @rule(link=st.sampled_from(LINKS))
    def create(self, link):
        a, b = link
        out = self.dir / f"b{len(self.files)}.slb"
        bundles.create_bundle(self.dbs[a], peer=SITES[b][0], out=out, passphrase=KEY)
        self.files.append((b, out))

    @precondition(lambda self: self.files)
    @rule(k=st.integers(0, 100))
    def deliver(self, k):  # any earlier file, again or out of order; some are never delivered
        to, path = self.files[k % len(self.files)]
        bundles.apply_bundle(self.dbs[to], path, passphrase=KEY)

    @rule()
    def town_backup(self):
        self.backup = self.dir / "town-backup.db"
        self.dbs["T"].execute(f"VACUUM INTO '{self.backup}'") if not self.backup.exists() else None

    @precondition(lambda self: self.backup is not None)
    @rule()
    def town_restores(self):
        path = self.dbs["T"].conn.execute("PRAGMA database_list").fetchone()[2]
        self.dbs["T"].conn.close()
        for suffix in ("-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        shutil.copy(self.backup, path)
        self.dbs["T"] = open_db(Path(path))
        renew_after_restore(self.dbs["T"])

    def sync(self):
        for _ in range(3):
            for a, b in LINKS:
                out = self.dir / f"sync{len(self.files)}.slb"
                self.files.append((b, out))
                bundles.create_bundle(self.dbs[a], peer=SITES[b][0], out=out, passphrase=KEY)
                bundles.apply_bundle(self.dbs[b], out, passphrase=KEY)

    @invariant()
    def converges_when_synced(self):
        if self.n % 4:  # the full sync is costly: not after every step
            return
        self.sync()
        t, c, y = (dump(self.dbs[k]) for k in "TCY")
        assert t["suggestions"] == c["suggestions"] == y["suggestions"]
        assert t["events"] == c["events"] == y["events"]
        assert c["deputies"] == y["deputies"] == t["deputies"]
        assert c["constituents"] == y["constituents"] == t["constituents"]
        # every step here was allowed where it was taken: the fold uses them all, wherever they arrive
        assert [self.dbs[k].execute("SELECT count(*) FROM _conflicts WHERE kind = 'unusable_event'").fetchone()[0]
                for k in "TCY"] == [0, 0, 0]


# derandomised: CI runs the same 25 sequences of up to 40 steps every time (about 30 s of CPU), so a
# failure is reproducible and the run's length is known; a developer can raise the counts locally
Exchange.TestCase.settings = settings(max_examples=25, stateful_step_count=40, deadline=None, derandomize=True,
                                      database=None, suppress_health_check=[HealthCheck.too_slow])
TestExchange = Exchange.TestCase
