"""The glossary (domain/figures.py) names every figure `sl` prints and nothing else: each output's
printed keys (and the 统计汇总 sheet's rows) match its entries one for one, and docs/figures.md is
generated from it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from shuanglian_cli.domain import figures

ROOT = Path(__file__).resolve().parents[1]
AS_OF = ("--as-of", "2026-11-20")
UNITS = {figures.STATIONS_UNIT, figures.TIMES, figures.PERSON_TIMES, figures.PERSONS, figures.ITEMS,
         figures.FRACTION, figures.WORKDAYS, figures.POINTS, figures.PLACE, figures.TABLE}
BASES = {figures.ACTIVITY_DATE, figures.COLLECTED, figures.FIRST_REFERRAL, figures.KEPT_REFERRAL,
         figures.QUARTER_ACTIVITY, figures.ON_THE_DAY, figures.LINK_YEAR}


def _glossary_keys(output: str) -> set[str]:
    return {f.key for f in figures.for_output(output)}


def _printed(output: str, keys) -> None:
    printed = set(keys) - figures.META[output]
    assert printed - _glossary_keys(output) == set(), f"printed by {output} without a glossary entry"
    assert _glossary_keys(output) - printed == set(), f"glossary entries that {output} does not print"


def test_every_entry_is_complete_and_one_per_key_and_output():
    seen: set[tuple[str, str]] = set()
    for f in figures.FIGURES:
        assert f.label and f.definition.endswith("。") and f.outputs, f.key
        assert f.unit in UNITS and f.basis in BASES, f.key
        assert set(f.outputs) <= set(figures.OUTPUTS), f.key
        for output in f.outputs:
            assert (f.key, output) not in seen, f"two definitions of {f.key} in {output}"
            seen.add((f.key, output))
        if f.unit == figures.FRACTION:
            assert f.key.endswith("_rate"), f.key


def test_stats_prints_exactly_the_glossary(demo):
    data = json.loads(demo.ok("stats", "year", "2025", "--county", "沂源", "--format", "json", *AS_OF).output)
    _printed(figures.STATS, data)
    # the table's rows carry the glossary's labels
    csv_rows = demo.ok("stats", "year", "2025", "--county", "沂源", "--format", "csv", *AS_OF).output.splitlines()
    labels = figures.labels(figures.STATS)
    for key, label in labels.items():
        if key != "activities_by_kind":
            assert f"{key},{label}," in "\n".join(csv_rows), key


def test_stats_by_county_prints_exactly_the_glossary(demo):
    """Each county row of the city table: the stats figures, the county's name, and the by-county figures."""
    data = json.loads(demo.ok("stats", "year", "2025", "--by-county", "--format", "json", *AS_OF).output)
    assert data["counties"]
    for row in data["counties"]:
        stats_keys = set(row) & (_glossary_keys(figures.STATS) | figures.META[figures.STATS])
        _printed(figures.STATS, stats_keys)
        _printed(figures.BY_COUNTY, set(row) - stats_keys)


def test_summary_sheet_rows_are_the_glossary(demo, tmp_path):
    out = tmp_path / "forms.xlsx"
    demo.ok("export", "quarter", "--quarter", "2025Q3", "--county", "yiyuan", *AS_OF, "--out", str(out))
    rows = [r for r in openpyxl.load_workbook(out)["统计汇总"].iter_rows(values_only=True) if isinstance(r[0], int)]
    labels = [r[1] for r in rows if r[1] != "统计截止日期"]
    expected = [f.label for f in figures.for_output(figures.SUMMARY) if f.key != "activities_by_kind"]
    assert labels == expected
    # each row explains itself: its definition and the date that places a record in the period
    notes = {r[1]: r[3] for r in rows}
    for f in figures.for_output(figures.SUMMARY):
        if f.key != "activities_by_kind":
            assert f.definition in notes[f.label] and f.basis in notes[f.label]


def test_department_report_prints_exactly_the_glossary(demo):
    rows = json.loads(demo.ok("departments", "report", "--year", "2025", "--format", "json", *AS_OF).output)
    assert rows
    _printed(figures.DEPARTMENTS, rows[0])


def test_coverage_prints_exactly_the_glossary(demo):
    data = json.loads(demo.ok("coverage", "--quarter", "2025Q3", "--format", "json", *AS_OF).output)
    _printed(figures.COVERAGE, data["summary"])
    csv_out = demo.ok("coverage", "--quarter", "2025Q3", "--format", "csv", *AS_OF).output
    for key, label in figures.labels(figures.COVERAGE).items():
        assert f"{key},{label}," in csv_out


def test_rank_and_archive_print_exactly_the_glossary(demo):
    rows = json.loads(demo.ok("deputy", "rank", "--year", "2025", "--format", "json").output)
    _printed(figures.RANK, rows[0])
    archive = json.loads(demo.ok("deputy", "archive", str(rows[0]["deputy_id"]), "--year", "2025",
                                 "--format", "json").output)
    _printed(figures.ARCHIVE, archive["summary"])
    table = demo.ok("deputy", "rank", "--year", "2025", "--limit", "3").output
    assert figures.labels(figures.RANK)["constituents_met"].split("（")[0] in table


@pytest.mark.parametrize("doc", ["figures.md"])
def test_docs_figures_is_generated_from_the_glossary(doc):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    body = text.split("]]] -->\n", 1)[1].split("<!-- [[[end]]]", 1)[0]
    assert body.rstrip("\n") == figures.markdown().rstrip("\n"), "run `cog -r docs/figures.md`"
    for f in figures.FIGURES:
        assert f"| `{f.key}` | {f.label} |" in body
