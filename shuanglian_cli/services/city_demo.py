"""`sl demo --city DIR`: the whole chain of offices, made up (issue 13 item 10).

沂源 is built as `sl demo` builds it, then carved into one file per town station (its and its points'
records, store/record_copy.station_scope) and the county office's own file (members, their links,
departments); every station sends its records to the county file. The other seven counties are built
from their profiles (demo/counties.py), one file each. Then every county sends to `DIR/淄博市.db`.

Everything is built in a folder beside the targets and moved into place at the end: a run stopped
half-way leaves DIR as it was. Files a clerk may have put there are never overwritten without
--force, and then only after a checked copy (store/overwrite.py), as `sl demo` does.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

from shuanglian_cli.demo.counties import CITY, ORDER, PROFILES
from shuanglian_cli.errors import UserError
from shuanglian_cli.store.connection import Actor

BUILDING = ".sl-city-building"
LEGACY = "yiyuan"


def _open(path: Path, operator: str):
    from shuanglian_cli.store.db import open_db

    db = open_db(path, create=True, actor=Actor(operator, "demo"))
    # files in the staging folder: a crash leaves nothing to keep, so no fsync per commit (20 files)
    db.conn.execute("PRAGMA synchronous = OFF")
    return db


DEMO_PASSPHRASE = "淄博市双联演示口令"  # the made-up demo's files only


def _send(from_db: Path, to_db: Path, operator: str) -> dict:
    """One office sends its records to the next: `bundle create` at the sender, `bundle apply` at the
    receiver (services/bundles.py), each file a site registered with its peer (_join)."""
    from shuanglian_cli.services.bundles import apply_bundle, bundle_name, create_bundle
    from shuanglian_cli.store import sites

    src, dst = _open(from_db, operator), _open(to_db, operator)
    try:
        sender, receiver = sites.get_site(src)["code"], sites.get_site(dst)["code"]
        out = from_db.parent / bundle_name(sender, receiver)
        create_bundle(src, peer=receiver, out=out, passphrase=DEMO_PASSPHRASE)
        summary = apply_bundle(dst, out, passphrase=DEMO_PASSPHRASE)
        out.unlink()
        return summary.inserted
    finally:
        src.conn.close()
        dst.conn.close()


def _site(path: Path, operator: str, *, code: str, name: str, kind: str, county: str | None) -> None:
    from shuanglian_cli.services.sites import set_site

    db = _open(path, operator)
    try:
        set_site(db, name=name, code=code, kind=kind, county=county)
    finally:
        db.conn.close()


def _join(lower: Path, upper: Path, operator: str) -> None:
    """Each of the two files registers the other as its peer."""
    from shuanglian_cli.services.sites import add_peer
    from shuanglian_cli.store import sites

    a, b = _open(lower, operator), _open(upper, operator)
    try:
        for db, other in ((a, b), (b, a)):
            peer = sites.get_site(other)
            add_peer(db, code=peer["code"], name=peer["name"], kind=peer["kind"], county=peer["county"])
    finally:
        a.conn.close()
        b.conn.close()


def _carve(source: Path, target: Path, operator: str, station_id: int | None) -> None:
    """A town station's file (or, with station_id None, the county office's own) cut from `source`."""
    from shuanglian_cli.store.audit import bulk_inserts
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.record_copy import ID_TABLES, copy_records, county_scope, station_scope

    db = _open(target, operator)
    try:
        db.conn.execute("ATTACH DATABASE ? AS src", [str(source)])
        try:
            with transaction(db), bulk_inserts(db, ID_TABLES, "演示数据"):
                keep = county_scope(db) if station_id is None else station_scope(db, station_id)
                copy_records(db, keep)
        finally:
            db.conn.execute("DETACH DATABASE src")
    finally:
        db.conn.close()


def _build_county(path: Path, slug: str, config, seed: int, today: dt.date, operator: str) -> list[str]:
    from shuanglian_cli.demo import build_county

    db = _open(path, operator)
    try:
        return build_county(db, config, slug, seed, today)
    finally:
        db.conn.close()


def targets(folder: Path) -> list[Path]:
    """The files the city demo writes into `folder`, relative to it."""
    out = [Path(f"{CITY}.db")] + [Path(f"{PROFILES[slug]['name']}.db") for slug in ORDER]
    return out + [Path(PROFILES[LEGACY]["name"]) / f"{name}.db" for name in _legacy_station_names()]


def _legacy_station_names() -> list[str]:
    from shuanglian_cli.demo.rosters import TOWNS

    return [f"{town}人大代表民情联络站" for town, _ in TOWNS] + ["沂源经济开发区人大代表民情联络站"]


def check_targets(folder: Path, force: bool) -> list[Path]:
    """Refuse files that must not be overwritten; with --force keep a checked copy of a clerk's file.
    Returns the copies kept."""
    from shuanglian_cli.store.overwrite import Target, classify, keep_before_demo

    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} 不是文件夹；--city 需要一个文件夹，城市演示的各个数据库都写在里面")
    found = {rel: classify(folder / rel) for rel in targets(folder)}
    real = [rel for rel, kind in found.items() if kind is Target.REAL]
    demo = [rel for rel, kind in found.items() if kind is Target.DEMO]
    if real and not force:
        raise UserError(f"{folder / real[0]} 是有记录的数据库（不是演示数据库），sl demo 不会覆盖它",
                        ["请用 --city 指定新的文件夹；确需覆盖时加 --force：会先在旁边保存一份检查过的副本"])
    if demo and not force:
        raise UserError(f"{folder} 已有城市演示数据；加 --force 重新生成，或用 --city 指定新文件夹")
    return [keep_before_demo(folder / rel) for rel in real]


def build_city(folder: Path, config, *, seed: int, today: dt.date, operator: str, force: bool = False) -> dict:
    """Build the city demo into `folder`; returns the lines to show, the kept copies and the time taken."""
    from shuanglian_cli.store.overwrite import mark_demo

    started = time.perf_counter()
    folder = Path(folder)
    kept = check_targets(folder, force)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / BUILDING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    lines: list[str] = []
    try:
        # 沂源: built whole as `sl demo` builds it, then carved into its offices' files
        full = staging / "yiyuan-full.db"
        lines += _build_county(full, LEGACY, config, seed, today, operator)
        county = staging / f"{PROFILES[LEGACY]['name']}.db"
        _carve(full, county, operator, None)
        _site(county, operator, code=LEGACY.upper(), name=f"{PROFILES[LEGACY]['name']}人大常委会", kind="county",
              county=PROFILES[LEGACY]["name"])
        (staging / PROFILES[LEGACY]["name"]).mkdir()
        for i, (station_id, name) in enumerate(_stations(full), start=1):
            station_file = staging / PROFILES[LEGACY]["name"] / f"{name}.db"
            _carve(full, station_file, operator, station_id)
            _site(station_file, operator, code=f"YY{i:02d}", name=name, kind="town", county=PROFILES[LEGACY]["name"])
            _join(station_file, county, operator)
            _send(station_file, county, operator)
        lines.append(f"{PROFILES[LEGACY]['name']}：{len(_stations(full))} 个联络站各自一个数据库，报送到县人大常委会的数据库")
        for slug in ORDER[1:]:
            path = staging / f"{PROFILES[slug]['name']}.db"
            lines += _build_county(path, slug, config, seed, today, operator)
            _site(path, operator, code=slug.upper(), name=f"{PROFILES[slug]['name']}人大常委会", kind="county",
                  county=PROFILES[slug]["name"])
        city = staging / f"{CITY}.db"
        _site(city, operator, code="ZIBO", name=f"{CITY}人大常委会", kind="city", county=None)
        for slug in ORDER:
            _join(staging / f"{PROFILES[slug]['name']}.db", city, operator)
            _send(staging / f"{PROFILES[slug]['name']}.db", city, operator)
        lines.append(f"{CITY}：八个县区的数据库报送到市人大常委会的数据库 {CITY}.db")
        for rel in targets(folder):
            db = _open(staging / rel, operator)
            try:
                mark_demo(db, seed, today)
                db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.conn.close()
        _move_into_place(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"lines": lines, "kept": kept, "seconds": time.perf_counter() - started,
            "city": folder / f"{CITY}.db", "files": [folder / rel for rel in targets(folder)]}


def _stations(path: Path) -> list[tuple[int, str]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, name FROM stations WHERE kind = '站' ORDER BY id").fetchall()
    finally:
        conn.close()


def _move_into_place(staging: Path, folder: Path) -> None:
    for rel in targets(folder):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):  # an old file's leftovers must not be replayed onto the new one
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(staging / rel, target)
