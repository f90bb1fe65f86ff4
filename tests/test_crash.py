"""Crash safety: a real `sl` process killed with SIGKILL at a random moment, 200+ times.

After each kill the database passes integrity_check and is either as it was before the command
or as the command leaves it when it completes; no half-written xlsx or backup copy sits under
its final name. Scenarios: importing constituents, building the demo, migrating a version-1
database (with its backup copy), exporting the quarter's forms.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import DEMO_AS_OF, Sl

KILLS = {"import": 130, "demo": 20, "migration": 25, "export": 25}
WORKERS = 3


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SL_")}
    # a process killed mid-import must not leave a cut-off .pyc behind
    env.update(HOME=str(home), COLUMNS="120", SL_OPERATOR="crash-test", PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(args: list[str], home: Path, delay: float | None, wal: Path | None = None) -> tuple[bool, float]:
    """Run `sl ARGS`; with a delay, SIGKILL it then. Returns (was it killed, seconds).

    With `wal`, the delay counts from the moment that WAL file starts growing, i.e. while the
    command's transaction is being committed: the most delicate moment."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "shuanglian_cli", *args], env=_env(home),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    if delay is None:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        return False, time.perf_counter() - started
    if wal is not None:
        while proc.poll() is None and not (wal.exists() and wal.stat().st_size > 0):
            time.sleep(0.001)
    try:
        proc.wait(timeout=delay)
        return False, time.perf_counter() - started
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True, time.perf_counter() - started


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _fetch(path: Path, sql: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- scenarios: prepare a fresh case, then judge what a kill left ------------------------------

class ImportCase:
    def __init__(self, root: Path):
        self.root = root
        self.csv = root / "constituents.csv"
        rows = ["姓名,联系电话,住址,县区,镇街"]
        for i in range(300):
            rows.append(f"群众{chr(0x4E00 + i * 37)}{chr(0x4E00 + i * 53 % 9000)},139{i:08d},沂源县某村{i}号,沂源县,")
        self.csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
        self.base = root / "import-base.db"
        Sl(self.base).ok("init")
        done = root / "import-done.db"
        shutil.copy(self.base, done)
        self.seconds = _run(["--db", str(done), "import", "constituents", str(self.csv)], root, None)[1]
        self.after = self.digest(done)
        assert len(self.after[0]) == 300
        self.outcomes: list[str] = []
        self.turn = 0

    def digest(self, path):
        people = _fetch(path, "SELECT name, phone, address FROM constituents ORDER BY name")
        trail = _fetch(path, "SELECT count(*) FROM audit_log WHERE table_name = 'constituents'")
        return people, trail

    def attempt(self, work: Path, delay: float):
        db = work / "c.db"
        shutil.copy(self.base, db)
        at_commit = self.turn % 2 == 0  # every other kill aimed at the commit
        self.turn += 1
        killed, _ = _run(
            ["--db", str(db), "import", "constituents", str(self.csv)], work,
            delay / self.seconds * 0.01 if at_commit else delay, wal=work / "c.db-wal" if at_commit else None,
        )
        if _integrity(db) != "ok":
            return killed, "integrity_check failed"
        digest = self.digest(db)
        if digest not in (([], [(0,)]), self.after):
            return killed, f"half an import: {len(digest[0])} rows"
        if killed:
            self.outcomes.append("after" if digest == self.after else "before")
        return killed, None


class DemoCase:
    def __init__(self, root: Path, demo_file: Path):
        self.root = root
        self.full = self.counts(demo_file)
        self.seconds = 1.5

    def counts(self, path):
        return _fetch(path, "SELECT (SELECT count(*) FROM deputies), (SELECT count(*) FROM suggestions), "
                            "(SELECT count(*) FROM suggestion_events), (SELECT count(*) FROM audit_log)")[0]

    def attempt(self, work: Path, delay: float):
        db = work / "demo.db"
        killed, _ = _run(["--db", str(db), "demo", "--as-of", DEMO_AS_OF], work, delay)
        if not db.exists() or db.stat().st_size == 0:
            return killed, None  # killed before the first page was written: as before
        if _integrity(db) != "ok":
            return killed, "integrity_check failed"
        version = _fetch(db, "PRAGMA user_version")[0][0]
        tables = {r[0] for r in _fetch(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and tables:
            return killed, f"half a migration: version 0 with {len(tables)} tables"
        if version == 1 and "audit_log" in tables:
            return killed, "half of migration 2"
        if version == 2 and self.counts(db) not in ((0, 0, 0, 0), self.full):
            return killed, f"half a demo: {self.counts(db)}"
        return killed, None


class MigrationCase:
    def __init__(self, root: Path, demo_file: Path):
        self.root = root
        self.base = root / "v1.db"
        shutil.copy(demo_file, self.base)
        conn = sqlite3.connect(self.base)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER [{name}]")
        conn.execute("DROP TABLE audit_log")
        conn.execute("DROP TABLE audit_context")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        self.data = self.digest(self.base)
        done = root / "v1-done.db"
        shutil.copy(self.base, done)
        self.seconds = _run(["--db", str(done), "info"], root, None)[1]

    def digest(self, path):
        return _fetch(path, "SELECT count(*), sum(length(content)), max(id) FROM suggestions")

    def attempt(self, work: Path, delay: float):
        from shuanglian_cli.store.audit import missing_triggers
        from shuanglian_cli.store.db import connect

        db = work / "v1.db"
        shutil.copy(self.base, db)
        killed, _ = _run(["--db", str(db), "info"], work, delay)
        if _integrity(db) != "ok":
            return killed, "integrity_check failed"
        for bak in work.glob("v1.db.v1-*.bak"):
            if _integrity(bak) != "ok" or self.digest(bak) != self.data:
                return killed, f"half-written migration copy {bak.name}"
        version = _fetch(db, "PRAGMA user_version")[0][0]
        tables = {r[0] for r in _fetch(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if self.digest(db) != self.data:
            return killed, "data changed by a migration"
        if version == 1 and "audit_log" in tables:
            return killed, "half of migration 2"
        if version == 2:
            handle = connect(db)
            try:
                if missing_triggers(handle):
                    return killed, "migration 2 without all its triggers"
            finally:
                handle.conn.close()
        return killed, None


class ExportCase:
    def __init__(self, root: Path, demo_file: Path):
        self.root = root
        self.base = demo_file
        self.digest_sql = "SELECT count(*), max(id) FROM audit_log"
        out = root / "export-done"
        out.mkdir()
        self.seconds = _run(self.args(demo_file, out), root, None)[1]
        assert (out / "q.xlsx").exists()

    def args(self, db: Path, out: Path):
        return ["--db", str(db), "export", "quarter", "2026Q3", "--county", "yiyuan",
                "--as-of", DEMO_AS_OF, "--out", str(out / "q.xlsx")]

    def attempt(self, work: Path, delay: float):
        db = work / "demo.db"
        if not db.exists():
            shutil.copy(self.base, db)
        before = _fetch(db, self.digest_sql)
        killed, _ = _run(self.args(db, work), work, delay)
        target = work / "q.xlsx"
        if target.exists():
            try:
                with zipfile.ZipFile(target) as zf:
                    if zf.testzip() is not None:
                        return killed, "corrupt xlsx under the final name"
            except zipfile.BadZipFile:
                return killed, "half-written xlsx under the final name"
            target.unlink()
        if _fetch(db, self.digest_sql) != before:
            return killed, "an export changed the database"
        return killed, None


def test_sigkill_at_random_moments_leaves_everything_consistent(tmp_path, demo_file):
    rng = random.Random(7)
    cases = {
        "import": ImportCase(tmp_path),
        "demo": DemoCase(tmp_path, demo_file),
        "migration": MigrationCase(tmp_path, demo_file),
        "export": ExportCase(tmp_path, demo_file),
    }
    jobs = []
    for name, wanted in KILLS.items():
        jobs += [name] * wanted
    rng.shuffle(jobs)

    def trial(index_name):
        index, name = index_name
        case = cases[name]
        work = tmp_path / f"w{index}"
        local = random.Random(index)
        kills, problems = 0, []
        for _ in range(6):  # a run that ends before the kill does not count: try again
            if work.exists():
                keep = work / "demo.db" if name == "export" else None
                for p in work.iterdir():
                    if p != keep:
                        p.unlink()
            else:
                work.mkdir()
            # half the kills land late in the run, where the writing and the commit happen
            low = 0.02 if index % 2 else case.seconds * 0.6
            killed, problem = case.attempt(work, local.uniform(low, case.seconds * 0.98))
            if problem:
                problems.append(f"{name}: {problem}")
            if killed:
                kills += 1
                break
        return name, kills, problems

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(trial, enumerate(jobs)))
    problems = [p for _, _, ps in results for p in ps]
    total = sum(k for _, k, _ in results)
    per_case = {name: sum(k for n, k, _ in results if n == name) for name in KILLS}
    outcomes = cases["import"].outcomes
    print(f"\nSIGKILLs: {total} {per_case}; inconsistent: {len(problems)}; imports killed after commit: "
          f"{outcomes.count('after')}, before: {outcomes.count('before')}")
    assert problems == []
    assert total >= 200, per_case
