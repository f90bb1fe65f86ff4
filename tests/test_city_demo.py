"""sl demo --city: eight counties' files, 沂源's stations sending to its county, every county sending
to 淄博市.db; each county's last full year reproduces the article's exact figures (issue 13 item 10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shuanglian_cli.cli.app import app
from shuanglian_cli.demo.counties import ARTICLE, ARTICLE_AT_LEAST, CITY_POINTS, CITY_STATIONS, PROFILES

pytestmark = pytest.mark.city
AS_OF = "2026-11-20"
YEAR = "2025"  # the demo's last full year


def _build(folder: Path, *extra: str):
    result = CliRunner().invoke(app, ["demo", "--city", str(folder), "--as-of", AS_OF, *extra],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result


def _city_json(db: Path) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), "stats", "year", YEAR, "--by-county", "--as-of", AS_OF,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    return {row["county"]: row for row in json.loads(result.output)["counties"]}


@pytest.fixture(scope="session")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city") / "城市演示"
    output = _build(folder).output
    return folder, output, _city_json(folder / "淄博市.db")


def _at(row: dict, path: str):
    for key in path.split("."):
        row = row[key]
    return row


CASES = [(slug, path, value) for slug, figures in ARTICLE.items() for path, value in figures.items()]


@pytest.mark.parametrize(("slug", "path", "value"), CASES, ids=[f"{s}:{p}" for s, p, _ in CASES])
def test_each_county_reproduces_the_articles_exact_figures(city, slug, path, value):
    _, _, figures = city
    assert _at(figures[PROFILES[slug]["name"]], path) == value


BOUNDS = [(slug, path, bound) for slug, figures in ARTICLE_AT_LEAST.items() for path, bound in figures.items()]


@pytest.mark.parametrize(("slug", "path", "bound"), BOUNDS, ids=[f"{s}:{p}" for s, p, _ in BOUNDS])
def test_the_articles_lower_bounds_are_exceeded(city, slug, path, bound):
    _, _, figures = city
    assert _at(figures[PROFILES[slug]["name"]], path) > bound


def test_boshan_report_backs_98_percent_and_city_deputies_all_satisfied(city):
    ratings = city[2]["博山区"]["report_backs_by_level"]
    district_and_town = [ratings["县"], ratings["镇"]]
    voters = sum(r["voters"] for r in district_and_town)
    assert sum(r["satisfied"] for r in district_and_town) / voters == pytest.approx(0.98, abs=1e-9)
    assert ratings["市"]["satisfied"] == ratings["市"]["voters"] > 0


def test_gaoqing_six_constituents_each(city):
    db = sqlite3.connect(city[0] / "高青县.db")
    per_deputy = {n for (n,) in db.execute(
        "SELECT count(*) FROM deputy_constituents WHERE year = 2025 GROUP BY deputy_id")}
    db.close()
    assert per_deputy == {6}


def test_the_city_has_89_stations_and_320_points_and_eight_counties(city):
    _, output, figures = city
    assert len(figures) == 8
    assert sum(r["stations"] for r in figures.values()) == CITY_STATIONS == 89
    assert sum(r["points"] for r in figures.values()) == CITY_POINTS == 320
    assert "各县区统计" in output and "沂源县" in output and "张店区" in output
    for row in figures.values():  # the keys the city table promises, per county
        for key in ("deputies_by_level", "constituents_in_contact", "activities_by_kind", "deputy_attendances",
                    "constituent_attendances", "on_spot", "referred", "inter_session", "report_backs_by_level",
                    "report_back_rate"):
            assert key in row


def test_yiyuan_chain_station_files_sum_to_the_county_and_the_city(city):
    folder, _, figures = city
    stations = sorted((folder / "沂源县").glob("*.db"))
    assert len(stations) == 13
    suggestions = 0
    for path in stations:
        db = sqlite3.connect(path)
        suggestions += db.execute("SELECT count(*) FROM suggestions WHERE collected_on LIKE '2025-%'").fetchone()[0]
        assert db.execute("SELECT count(DISTINCT station_id) FROM activities WHERE station_id IN "
                          "(SELECT id FROM stations WHERE kind = '站')").fetchone()[0] <= 1
        db.close()
    assert suggestions == 1160
    county = _city_json(folder / "沂源县.db")["沂源县"]
    assert {k: county[k] for k in ("suggestions", "on_spot", "referred", "inter_session", "deputy_attendances")} \
        == {k: figures["沂源县"][k] for k in ("suggestions", "on_spot", "referred", "inter_session",
                                              "deputy_attendances")}
    assert (county["stations"], county["points"]) == (13, 19)


def test_yiyuan_in_the_city_equals_sl_demo(city, demo):
    """The chain moves records, not figures: 沂源 in the city is `sl demo`'s 沂源."""
    alone = _city_json(demo.db)["沂源县"]
    chained = city[2]["沂源县"]
    for key in ("stations", "points", "activities", "deputy_attendances", "constituent_attendances", "suggestions",
                "on_spot", "referred", "inter_session", "closed", "satisfied", "report_back_voters",
                "constituents_in_contact", "deputies_by_level"):
        assert chained[key] == alone[key], key


def test_people_are_made_up(city):
    db = sqlite3.connect(city[0] / "淄博市.db")
    phones = [p for (p,) in db.execute("SELECT phone FROM constituents UNION ALL SELECT phone FROM deputies")]
    db.close()
    assert len(phones) > 25000 and len(set(phones)) > 0.99 * len(phones)
    assert all(len(p) == 11 and p[:3] in ("170", "171", "139", "152", "186") for p in phones)


def test_a_second_build_gives_the_same_figures_and_refuses_without_force(city, tmp_path):
    folder, _, figures = city
    result = CliRunner().invoke(app, ["demo", "--city", str(folder), "--as-of", AS_OF])
    assert result.exit_code == 2 and "--force" in result.output
    other = tmp_path / "again"
    _build(other)
    assert _city_json(other / "淄博市.db") == figures
    for name in ("张店区.db", "沂源县.db"):
        rows = []
        for base in (folder, other):
            db = sqlite3.connect(base / name)
            rows.append(db.execute("SELECT collected_on, content, state, due_on FROM suggestions ORDER BY id").fetchall())
            db.close()
        assert rows[0] == rows[1]
