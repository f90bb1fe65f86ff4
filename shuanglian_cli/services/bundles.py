"""Bundles: the files that carry records between offices (town -> county -> city and back).

The use cases behind `sl bundle create|apply|status`: create_bundle collects what a peer has not
acknowledged, encrypts it and writes one file; apply_bundle checks, decrypts and merges one file in
one transaction (or, with dry_run, says what it would do and writes nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


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


def create_bundle(db, *, peer: str, out: Path, passphrase: str, since: dt.date | None = None) -> BundleSummary:
    raise NotImplementedError


def apply_bundle(db, path: Path, *, passphrase: str, dry_run: bool = False) -> ApplySummary:
    raise NotImplementedError
