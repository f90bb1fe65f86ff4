"""Bundles: the files that carry records between offices (town -> county -> city and back).

The use cases behind `sl bundle create|apply|status`: create_bundle collects what a peer has not
acknowledged, encrypts it and writes one file; apply_bundle checks, decrypts and merges one file in
one transaction (or, with dry_run, says what it would do and writes nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shuanglian_cli.errors import UserError


@dataclass
class BundleSummary:
    """What `create_bundle` wrote."""

    path: Path
    sender: str
    receiver: str
    format: int
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows (tombstones under "deleted")
    acknowledged: int = 0  # the receiver's change sequence this bundle acknowledges
    upto: int = 0  # the sender's change sequence the bundle covers


@dataclass
class ApplySummary:
    """What `apply_bundle` did (or, dry_run, would do)."""

    sender: str
    receiver: str
    dry_run: bool
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    covered: bool = False  # everything in it had come before (an earlier or later bundle): only its acknowledgements read


class _DryRun(Exception):
    pass


def bundle_name(sender: str, receiver: str, when: dt.datetime | None = None) -> str:
    """An ASCII file name (mail clients mangle Chinese attachment names)."""
    when = when or dt.datetime.now()
    return f"{sender}-to-{receiver}-{when:%Y%m%d-%H%M%S}.slb"


def create_bundle(db, *, peer: str, out: Path, passphrase: str, since: dt.date | None = None) -> BundleSummary:
    from shuanglian_cli.io.bundle_file import FORMAT, new_salt, write_bundle
    from shuanglian_cli.store import sites
    from shuanglian_cli.store.audit import log_event
    from shuanglian_cli.store.changes import collect
    from shuanglian_cli.store.connection import transaction

    if not passphrase:
        raise UserError("数据包口令不能为空")
    if not str(Path(out).name).isascii():
        raise UserError(f"数据包文件名“{Path(out).name}”应只含英文字母、数字和符号（邮件常把中文附件名改乱）",
                        [f"例如 {bundle_name('NANMA', 'YIYUAN')}"])
    with transaction(db):
        site = sites.require_site(db)
        target = sites.get_peer(db, peer)
        if target is None:
            raise UserError(f"对方站点 {peer} 尚未登记", ["先运行 `sl site peer add 代码 --kind ... --county ...`"])
        if site["kind"] == "town" and target["kind"] == "town":
            raise UserError("镇街之间不直接交换数据包：请经由县区")
        sites.sweep_identity(db)
        if not target["salt"]:
            db.execute("UPDATE _peers SET salt = ? WHERE code = ?", [new_salt(), peer])
            target = sites.get_peer(db, peer)
        rows, deleted, upto = collect(db, site, target, since if target["acked_seq"] == 0 else None)
        fmt = min(FORMAT, target["format"] or 1)
        site = sites.get_site(db)
        payload = {
            "format": fmt, "sender": site["code"], "receiver": peer, "incarnation": site["incarnation"],
            "upto": upto, "hlc": site["hlc"], "supports": FORMAT,  # the highest format we read
            "site": {k: site[k] for k in ("code", "name", "kind", "county")},
            "ack": {"incarnation": target["received_incarnation"], "seq": target["received_seq"]},
            "rows": rows, "deleted": deleted,
            # the town the scope was decided for (as this site registered the peer): checked on apply
            "town": target["name"] if target["kind"] == "town" else None,
            # the towns records name, with their search keys: the receiver needs no pinyin work
            "towns": [list(r) for r in db.execute(
                "SELECT c.name, t.name, t.kind, t.pinyin, t.initials FROM towns t JOIN counties c ON c.id = t.county_id")]
            if rows else [],
        }
        write_bundle(Path(out), sender=site["code"], receiver=peer, fmt=fmt, salt=target["salt"],
                     passphrase=passphrase, payload=payload)
        counts = {t: len(r) for t, r in rows.items()}
        if deleted:
            counts["deleted"] = len(deleted)
        db.execute("UPDATE _peers SET sent_seq = max(sent_seq, ?), bundles_sent = bundles_sent + 1, "
                   "last_sent_at = strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime') WHERE code = ?", [upto, peer])
        # like a --reveal: personal data left this file, the trail says for whom and how much
        log_event(db, "bundle", "bundle", details={"peer": peer, "file": Path(out).name, "counts": counts})
    return BundleSummary(Path(out), site["code"], peer, fmt, counts, target["received_seq"], upto)


def _check_scope(db, site: dict, sender: dict, payload: dict) -> None:
    rows = payload.get("rows") or {}
    if sender["kind"] == "city" and any(rows.values()):
        raise UserError(f"数据包来自市级站点 {sender['code']}，却带有记录：市级只发送确认，已拒绝")
    if site["kind"] == "town" and sender["kind"] == "town":
        raise UserError("镇街之间不直接交换数据包：请经由县区")
    if sender.get("county"):
        outside = [r["gid"] for t, rs in rows.items() if t != "suggestion_events" for r in rs
                   if r.get("county_id") not in (None, sender["county"])]
        if outside:
            raise UserError(f"数据包含有 {len(outside)} 条不属于 {sender['county']} 的记录，超出对方站点的范围，已拒绝")
        _check_suggestion_rows(db, sender, payload)
    if site["kind"] == "town" and sender["kind"] == "county":
        _check_town_scope(db, site, sender, payload)


def _check_suggestion_rows(db, sender: dict, payload: dict) -> None:
    """A suggestion's steps, co-handlers and returns carry no county of their own: theirs is their
    suggestion's, which must be the sender's county too."""
    from shuanglian_cli.store.audit import TABLE_LABELS
    from shuanglian_cli.store.bundle_scope import outside_county

    outside = outside_county(db, payload, sender["county"])
    if outside:
        what = "、".join(f"{TABLE_LABELS.get(t, t)} {n} 条" for t, n in outside.items())
        raise UserError(f"数据包含有属于其他县区意见建议的记录（{what}），超出 {sender['code']}（{sender['county']}）的范围，已拒绝")


def _check_town_scope(db, site: dict, sender: dict, payload: dict) -> None:
    """A county sends a town only that town's records (the rule create uses): anything else refuses
    the whole bundle, before anything is written."""
    from shuanglian_cli.store.audit import TABLE_LABELS
    from shuanglian_cli.store.bundle_scope import is_own_town, outside_town

    town = payload.get("town") or site["name"]
    if not is_own_town(db, site, town):
        raise UserError(f"数据包是 {sender['code']} 按镇街“{town}”的范围准备的，不是本站点 {site['name']}，已拒绝",
                        [f"请 {sender['code']} 检查登记本站点时写的名称（sl site peer add {site['code']} --name 镇街名称）"])
    outside = outside_town(db, site, payload, town)
    if outside:
        what = "、".join(f"{TABLE_LABELS.get(t, t)} {n} 条" for t, n in outside.items())
        raise UserError(f"数据包含有不属于 {town} 的记录（{what}），超出 {sender['code']} 可发送的范围，已拒绝",
                        ["县区发给镇街的数据包只应含该镇街的联络站(点)、人员、意见建议及其办理步骤"])


def apply_bundle(db, path: Path, *, passphrase: str, dry_run: bool = False) -> ApplySummary:
    from shuanglian_cli.io.bundle_file import read_bundle, read_header
    from shuanglian_cli.store import sites
    from shuanglian_cli.store.bundle_apply import merge_payload
    from shuanglian_cli.store.connection import transaction

    site = sites.require_site(db)
    header = read_header(Path(path))
    if header["receiver"] != site["code"]:
        raise UserError(f"数据包是发给 {header['receiver']} 的，不是本站点 {site['code']}，已拒绝")
    sender = sites.get_peer(db, header["sender"])
    if sender is None:
        raise UserError(f"数据包来自未登记的站点 {header['sender']}，已拒绝",
                        ["确认来源后先运行 `sl site peer add 代码 --kind ... --county ...` 登记"])
    header, payload = read_bundle(Path(path), passphrase)
    if payload.get("sender") != header["sender"] or payload.get("receiver") != header["receiver"]:
        raise UserError(f"数据包 {path} 的内容与文件头不符，已拒绝")
    _check_scope(db, site, sender, payload)
    summary = ApplySummary(header["sender"], header["receiver"], dry_run)
    # a city's year of bundles touches indexes larger than the usual cache: a bigger one for this
    # transaction keeps it from re-reading pages (well within the 1 GB the stress run may use)
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute("PRAGMA cache_size = -262144")
    try:
        with transaction(db, command=f"bundle apply {Path(path).name}"):
            summary.covered = _covered(sender, payload)
            if not summary.covered:
                db.execute("UPDATE _site SET applying = 1 WHERE id = 1")
                merger = merge_payload(db, site, sender, payload)
                db.execute("UPDATE _site SET applying = 0 WHERE id = 1")
                summary.inserted = dict(merger.inserted)
                summary.updated = dict(merger.updated)
                summary.deleted = dict(merger.deleted)
                summary.conflicts = merger.conflicts
            _acknowledge(db, site, sender, payload)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    return summary


def _covered(sender: dict, payload: dict) -> bool:
    """Whether we hold everything this bundle carries: it comes from the incarnation of the sender
    we have heard from, and we have applied one of its bundles reaching as far or further. Each
    bundle holds every change the receiver had not acknowledged, so a later one holds all an earlier
    one did (in its latest version); applying this one again would change nothing."""
    upto = int(payload.get("upto") or 0)
    theirs = payload.get("incarnation") or ""
    return bool(upto and theirs and theirs == (sender["received_incarnation"] or "") and upto <= sender["received_seq"])


def _acknowledge(db, site: dict, sender: dict, payload: dict) -> None:
    """What we now hold of theirs, and what they say they hold of ours (only for our incarnation:
    an acknowledgement of what a restored file had before is no acknowledgement)."""
    theirs = payload.get("incarnation") or ""
    upto = int(payload.get("upto") or 0)
    ack = payload.get("ack") or {}
    if theirs == (sender["received_incarnation"] or ""):
        db.execute("UPDATE _peers SET received_seq = max(received_seq, ?) WHERE code = ?", [upto, sender["code"]])
    elif theirs > (sender["received_incarnation"] or ""):
        # a new incarnation (restored or copied): its sequence starts again, and what it says it
        # holds of ours is taken as it is, even if less than before: it may have lost what we sent
        db.execute("UPDATE _peers SET received_seq = ?, received_incarnation = ?, acked_seq = ? WHERE code = ?",
                   [upto, theirs, int(ack.get("seq") or 0) if ack.get("incarnation") == site["incarnation"] else 0,
                    sender["code"]])
    if ack.get("incarnation") == site["incarnation"]:
        db.execute("UPDATE _peers SET acked_seq = max(acked_seq, ?) WHERE code = ?", [int(ack.get("seq") or 0),
                                                                                     sender["code"]])
    if isinstance(payload.get("supports"), int):  # the peer announces what it reads: we write that
        db.execute("UPDATE _peers SET format = ? WHERE code = ?", [payload["supports"], sender["code"]])
    db.execute("UPDATE _peers SET bundles_received = bundles_received + 1, "
               "last_received_at = strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime') WHERE code = ?",
               [sender["code"]])


def status(db) -> list[dict]:
    from shuanglian_cli.store import sites

    sites.require_site(db)
    out = []
    pending_total = db.execute("SELECT coalesce(max(seq), 0) FROM _changes").fetchone()[0]
    conflicts = dict(db.execute("SELECT peer, count(*) FROM _conflicts GROUP BY peer").fetchall())
    for p in sites.list_peers(db):
        unacked = db.execute("SELECT count(*) FROM _changes WHERE seq > ?", [p["acked_seq"]]).fetchone()[0]
        out.append({"peer": p["code"], "name": p["name"], "kind": p["kind"], "county": p["county"],
                    "bundles_sent": p["bundles_sent"], "last_sent_at": p["last_sent_at"],
                    "bundles_received": p["bundles_received"], "last_received_at": p["last_received_at"],
                    "sent_seq": p["sent_seq"], "acked_seq": p["acked_seq"], "latest_seq": pending_total,
                    "unacknowledged": unacked, "received_seq": p["received_seq"],
                    "conflicts": conflicts.get(p["code"], 0)})
    return out
