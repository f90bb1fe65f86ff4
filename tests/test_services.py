"""The application layer (shuanglian_cli/services/) called as a library on real files: it owns the
transactions, dry runs, the demo's file handling and the calendar sync every write does."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from shuanglian_cli.config import load_config
from shuanglian_cli.errors import UserError
from shuanglian_cli.store.connection import Actor, transaction
from tests.conftest import value

CLOSURE = 'calendar:\n  years:\n    2026:\n      holidays: ["2026-11-23..2026-11-24"]\n'


def _count(db: Path, sql: str) -> int:
    return value(db, sql)


@contextlib.contextmanager
def _no_bar(total, description):
    class Bar:
        def advance(self, n=1):
            pass

    yield Bar()


def _open(db: Path, config_text: str | None = None, tmp_path: Path | None = None):
    from shuanglian_cli.services.store import open_store

    path = None
    if config_text is not None:
        path = tmp_path / "config.yaml"
        path.write_text(config_text, encoding="utf-8")
    config = load_config(path or tmp_path / "none.yaml") if path else load_config(None)
    return config, open_store(config, db, Actor("测试", "test"))


def test_import_roster_dry_run_rolls_back_and_the_real_run_writes(sl, tmp_path):
    from shuanglian_cli.services.imports import import_roster

    roster = tmp_path / "deputies.csv"
    roster.write_text("姓名,县区\n张三,沂源县\n李四,沂源县\n", encoding="utf-8")
    config, db = _open(sl.db)
    report = import_roster(db, "deputies", roster, county=None, default_county=None, year=None, dry_run=True,
                           progress=_no_bar)
    assert report.dry_run and report.added == 2
    assert _count(sl.db, "SELECT count(*) FROM deputies") == 0
    report = import_roster(db, "deputies", roster, county=None, default_county=None, year=None, dry_run=False,
                           progress=_no_bar)
    assert report.added == 2 and _count(sl.db, "SELECT count(*) FROM deputies") == 2
    db.conn.close()


def test_io_roster_import_only_reads():
    import shuanglian_cli.io.roster_import as io_import

    source = Path(io_import.__file__).read_text(encoding="utf-8")
    assert "transaction(" not in source and "bulk_inserts(" not in source and not hasattr(io_import, "run_import")


def test_import_register_reports_a_bad_file_without_opening_the_database(tmp_path):
    from shuanglian_cli.services.register import import_register

    bad = tmp_path / "登记表.csv"
    bad.write_text("接待日期,联络站,意见建议内容\n2026-02-30,南麻街道联络站,修路\n", encoding="utf-8")
    opened = []
    with pytest.raises(UserError) as caught:
        import_register(lambda: opened.append(1), str(bad), county="沂源", config=load_config(None),
                        operator="测试", dry_run=True, progress=_no_bar)
    assert "处错误" in caught.value.args[0] and opened == []


def test_build_demo_refuses_a_clerks_database_and_keeps_a_copy_when_forced(sl, tmp_path):
    from shuanglian_cli.services.demo import build_demo

    sl.ok("deputy", "add", "张三", "--county", "沂源")
    before = sl.db.read_bytes()
    config = load_config(None)
    with pytest.raises(UserError, match="不会覆盖"):
        build_demo(sl.db, config, Actor("测试", "demo"), seed=1, day=dt.date(2026, 11, 20), force=False)
    assert sl.db.read_bytes() == before
    built = build_demo(sl.db, config, Actor("测试", "demo"), seed=1, day=dt.date(2026, 11, 20), force=True)
    assert built.kept is not None and built.kept.exists()
    assert _count(built.kept, "SELECT count(*) FROM deputies WHERE name = '张三'") == 1
    assert _count(sl.db, "SELECT count(*) FROM suggestions") > 100
    assert not sl.db.with_name(sl.db.name + ".building").exists()


def test_a_failed_write_rolls_back_the_calendar_sync_and_the_next_write_does_it(demo, tmp_path):
    from shuanglian_cli.services.store import calendar_changed

    _config, db = _open(demo.db, CLOSURE, tmp_path)
    assert calendar_changed(db)
    recalcs = "SELECT count(*) FROM suggestion_events WHERE kind = 'recalc'"
    with pytest.raises(RuntimeError), transaction(db):
        raise RuntimeError("a write that fails")
    assert _count(demo.db, recalcs) == 0
    with transaction(db):
        db.execute("UPDATE suggestions SET chases = chases WHERE id = -1")
    assert _count(demo.db, recalcs) > 0
    assert not calendar_changed(db)
    db.conn.close()


def test_the_calendar_source_key_follows_the_config_and_is_stored_by_a_write(demo, tmp_path):
    from shuanglian_cli.services.store import calendar_source

    config, db = _open(demo.db, CLOSURE, tmp_path)
    plain = load_config(None)
    assert calendar_source(config) != calendar_source(plain)
    assert calendar_source(plain) == calendar_source(load_config(None))
    with transaction(db):
        pass
    db.conn.close()
    stored = demo.one("SELECT value FROM meta WHERE key = 'calendar_fingerprint'")
    assert stored[0].endswith("@" + calendar_source(config))
