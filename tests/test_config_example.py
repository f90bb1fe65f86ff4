"""config.example.yaml parses, documents every key the code reads (config.KNOWN_KEYS), and documents
nothing the code does not read."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from shuanglian_cli import config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.yaml"
PACKAGE = ROOT / "shuanglian_cli"


def _example_paths(node, prefix: str = "") -> dict[str, object]:
    """Every key path in the example, user-filled keys (years, categories) and list items generalised
    the way KNOWN_KEYS writes them."""
    out: dict[str, object] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            user_filled = prefix in ("deadlines.categories", "calendar.years", "escalation.kinds",
                                     "bundle.passphrase_files", "documents.referral_numbers")
            path = f"{prefix}.{'*' if user_filled else key}".lstrip(".")
            out[path] = value
            out.update(_example_paths(value, path))
    elif isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        for item in node:
            out.update(_example_paths(item, prefix + "[]"))
    return out


def _matches(read: str, known: str) -> bool:
    """`read` (a literal key path from the code) is `known` or a mapping above it."""
    a, b = read.split("."), known.replace("[]", "").split(".")
    return len(a) <= len(b) and all(y == "*" or x == y for x, y in zip(a, b, strict=False))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _enclosing(lines: list[str], i: int) -> int:
    """The line of the key a line belongs to (the nearest earlier line indented less)."""
    j = i - 1
    while j > 0 and (not lines[j].strip() or lines[j].lstrip().startswith("#") or _indent(lines[j]) >= _indent(lines[i])):
        j -= 1
    return j


def _commented(lines: list[str], i: int) -> bool:
    """A comment on the key's own line or just above it."""
    return "#" in lines[i] or (i > 0 and lines[i - 1].lstrip().startswith("#"))


def test_the_example_parses_as_a_config():
    text = EXAMPLE.read_text(encoding="utf-8")
    parsed = config.parse_config(text, str(EXAMPLE))
    assert parsed.get("deadlines", "default") == 15
    assert parsed.limit_for("民生微实事") == 7
    assert parsed.get("schedule", "holiday_shift") in ("next", "previous", "skip")


def test_the_example_shows_every_known_key_and_nothing_else():
    paths = _example_paths(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    missing = [k for k in config.KNOWN_KEYS if k not in paths]
    assert missing == [], f"config.example.yaml does not show {missing}"
    # a key of the example that is neither known nor a mapping above a known key is read by nobody
    unknown = [p for p in paths if not any(k == p or k.startswith(p + ".") or k.startswith(p + "[]")
                                           for k in config.KNOWN_KEYS)]
    assert unknown == [], f"config.example.yaml shows keys the code does not read: {unknown}"


def test_every_known_key_has_a_comment_in_the_example():
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    undocumented = []
    for key in config.KNOWN_KEYS:
        leaf = [part for part in key.replace("[]", ".").split(".") if part and part != "*"][-1]
        spelled = re.compile(rf"(^|[\s{{,]){re.escape(leaf)}:")
        where = [i for i, line in enumerate(lines) if spelled.search(line.split("#")[0])]
        assert where, key
        # a list item's keys sit in one flow mapping: the list's own comment documents them
        if not any(_commented(lines, i) or ("[]" in key and _commented(lines, _enclosing(lines, i))) for i in where):
            undocumented.append(key)
    assert undocumented == []


def test_every_key_the_code_reads_is_known():
    # config.get("a", "b") anywhere in the package, and self.get(...) inside config.py itself
    call = re.compile(r'\b(config|self)\.get\(\s*((?:"[^"]+"\s*,\s*)*"[^"]+")\s*[,)]')
    reads = set()
    for path in PACKAGE.rglob("*.py"):
        for owner, args in call.findall(path.read_text(encoding="utf-8")):
            if owner == "self" and path.name != "config.py":
                continue
            reads.add(".".join(re.findall(r'"([^"]+)"', args)))
    assert {"default_county", "schedule.holiday_shift", "deadlines.categories"} <= reads
    unknown = sorted(r for r in reads if not any(_matches(r, k) for k in config.KNOWN_KEYS))
    assert unknown == [], f"add these to config.KNOWN_KEYS and document them in config.example.yaml: {unknown}"


def test_defaults_and_type_checks_cover_known_keys_only():
    tops = {k.split(".")[0].removesuffix("[]") for k in config.KNOWN_KEYS}
    assert set(config.DEFAULTS) == tops
    for keys in config._TYPES:
        assert any(_matches(".".join(keys), k) for k in config.KNOWN_KEYS), keys
