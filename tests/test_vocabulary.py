"""One vocabulary: every label table lives in domain/vocabulary.py, covers every code the database
stores, and the modules that print labels take them from there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shuanglian_cli.domain import activity, lifecycle, vocabulary
from shuanglian_cli.errors import UserError
from tests.conftest import value

PACKAGE = Path(vocabulary.__file__).resolve().parents[1]
STATE_TABLES = {
    "STATE_SHORT": vocabulary.STATE_SHORT,
    "STATE_LONG": vocabulary.STATE_LONG,
    "STATE_ACTIVITY_PAGE": vocabulary.STATE_ACTIVITY_PAGE,
    "STATE_ARCHIVE": vocabulary.STATE_ARCHIVE,
    "STATE_REFERRAL_FORM": vocabulary.STATE_REFERRAL_FORM,
}


def _check_values(db: Path, table: str, column: str) -> set[str]:
    """The values a CHECK (column IN (...)) constraint of the live schema allows."""
    sql = value(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table)
    found = re.search(rf"{column}\s+TEXT[^,]*?CHECK\s*\(\s*{column}\s+IN\s*\(([^)]*)\)", sql)
    assert found, f"no CHECK on {table}.{column}"
    return set(re.findall(r"'([^']*)'", found.group(1)))


def test_every_state_the_schema_allows_has_a_label_in_every_table(sl):
    states = _check_values(sl.db, "suggestions", "state")
    assert states == set(vocabulary.STATES)
    for name, table in STATE_TABLES.items():
        assert set(table) == states, name
        assert all(label.strip() for label in table.values()), name


def test_short_and_long_labels_are_distinct_per_state():
    for table in (vocabulary.STATE_SHORT, vocabulary.STATE_LONG):
        assert len(set(table.values())) == len(table)
    # the long label only adds to the short one what comes next, never contradicts it
    assert vocabulary.STATES["replied"] == ("已答复", "已书面答复（待反馈）")


def test_activity_kinds_and_satisfaction_match_the_schema(sl):
    assert _check_values(sl.db, "activities", "kind") == set(vocabulary.ACTIVITY_KINDS)
    assert _check_values(sl.db, "suggestions", "satisfaction") == set(vocabulary.SATISFACTION)
    assert set(vocabulary.SATISFACTION) > vocabulary.SATISFIED


def test_event_labels_cover_every_transition():
    assert set(lifecycle.TRANSITIONS) <= set(vocabulary.EVENTS)
    assert {"collect", "recalc"} <= set(vocabulary.EVENTS)


def test_modules_take_their_labels_from_the_vocabulary():
    from shuanglian_cli.cli import import_register
    from shuanglian_cli.io import register_import
    from shuanglian_cli.io.forms import referrals, register
    from shuanglian_cli.store import archive, stats

    assert lifecycle.STATE_LABELS is vocabulary.STATE_LONG
    assert lifecycle.EVENT_LABELS is vocabulary.EVENTS
    assert lifecycle.SATISFACTION is vocabulary.SATISFACTION
    assert activity.KINDS is vocabulary.ACTIVITY_KINDS
    assert stats.ACTIVITY_KINDS is vocabulary.ACTIVITY_KINDS
    assert import_register.STATE_LABELS is vocabulary.STATE_SHORT
    assert archive.OUTCOMES is vocabulary.STATE_ARCHIVE
    assert referrals.STATE_LABELS is vocabulary.STATE_REFERRAL_FORM
    assert register.HANDLING_LABELS is vocabulary.HANDLINGS
    assert set(register_import.SATISFACTION.values()) == set(vocabulary.SATISFACTION)


def test_no_module_spells_a_state_label_table_of_its_own():
    # a literal mapping state codes to Chinese words is a second vocabulary (a figure such as
    # "withdrawn": "撤回（条）" in store/stats.py is a count, and has no "fed_back" beside it)
    def label(code: str) -> re.Pattern:
        return re.compile(rf'"{code}":\s*"[^"]*[\u4e00-\u9fff]')

    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "vocabulary.py"
                 and all(label(code).search(p.read_text(encoding="utf-8")) for code in ("fed_back", "closed"))]
    assert offenders == []


def test_every_kind_parses_to_itself_and_an_unknown_kind_lists_them():
    assert [activity.parse_kind(k) for k in vocabulary.ACTIVITY_KINDS] == list(vocabulary.ACTIVITY_KINDS)
    with pytest.raises(UserError) as caught:
        activity.parse_kind("开会")
    assert "、".join(vocabulary.ACTIVITY_KINDS) in caught.value.details[0]


def test_the_cli_prints_the_vocabulary_labels(demo):
    rows = json.loads(demo.ok("suggestions", "list", "--limit", "200", "-f", "json").output)
    by_state = {r["state"]: r["id"] for r in rows}
    assert "referred" in by_state
    page = demo.ok("suggestions", "show", str(by_state["referred"]), "--as-of", "2026-11-20").output
    assert vocabulary.STATE_LONG["referred"] in page
    listing = demo.ok("suggestions", "list", "--limit", "5", "--state", "referred").output
    assert vocabulary.STATE_LONG["referred"] in listing
    bad = demo.fails("suggestions", "list", "--state", "done").output
    assert f"closed（{vocabulary.STATE_LONG['closed']}）" in bad
