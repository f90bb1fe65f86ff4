"""sl topics on the demo: the phrasings of one matter land in one group, different matters apart, most
frequent first; each group's figures recount; the glossary names what it prints; it fits 80 columns."""

from __future__ import annotations

import json
import re

import pytest

from shuanglian_cli.demo.wording import PHRASINGS, VILLAGES
from shuanglian_cli.domain import figures
from shuanglian_cli.domain.similarity import reader
from shuanglian_cli.domain.topics import group_texts, label
from tests.conftest import rows

_VILLAGE = "(?:" + "|".join(VILLAGES) + ")"
_MATTERS = [(m, [re.compile(re.escape(p).replace(re.escape("{v}"), _VILLAGE)) for p in (m, *ph)])
            for m, ph in PHRASINGS.items()]


def _matter(text: str) -> str | None:
    """The demo matter a text is one phrasing of (None: a text of the referral desk's own)."""
    return next((m for m, patterns in _MATTERS if any(p.fullmatch(text) for p in patterns)), None)


def _topics(demo, *args) -> list[dict]:
    return json.loads(demo.ok("topics", *args, "--format", "json").stdout)


@pytest.mark.parametrize("period", [("--quarter", "2026Q3"), ("--year", "2025")])
def test_each_matter_is_one_group_and_groups_are_one_matter(demo, period):
    found = _topics(demo, *period, "--county", "yiyuan")
    content = dict(rows(demo.db, "SELECT id, content FROM suggestions"))
    group_of: dict[str, set[int]] = {}
    mixed = []
    for t in found:
        matters = {_matter(content[i]) for i in t["ids"]} - {None}
        if len(matters) > 1:
            mixed.append(matters)
        for m in matters:
            group_of.setdefault(m, set()).add(t["rank"])
    assert mixed == []
    assert {m: g for m, g in group_of.items() if len(g) > 1} == {}
    assert len(group_of) >= 25  # the demo's matters recur in every period
    phrasings = [len({content[i] for i in t["ids"]}) for t in found]
    assert max(phrasings) >= 4  # one group holds a matter said several ways


def test_most_frequent_first_and_every_suggestion_once(demo):
    found = _topics(demo, "--quarter", "2026Q3", "--county", "yiyuan")
    assert [t["count"] for t in found] == sorted((t["count"] for t in found), reverse=True)
    ids = [i for t in found for i in t["ids"]]
    period = rows(demo.db, """SELECT s.id FROM suggestions s JOIN counties c ON c.id = s.county_id
                              WHERE c.slug = 'yiyuan' AND s.collected_on BETWEEN '2026-07-01' AND '2026-09-30'""")
    assert sorted(ids) == sorted(i for (i,) in period)
    assert len(ids) == len(set(ids))


def test_each_group_recounts(demo):
    for t in _topics(demo, "--quarter", "2026Q2", "--county", "yiyuan")[:8]:
        marks = ",".join("?" * len(t["ids"]))
        assert t["count"] == len(t["ids"])
        referred = rows(demo.db, f"""SELECT d.name, count(*) FROM suggestions s JOIN departments d ON d.id = s.department_id
                                     WHERE s.id IN ({marks}) AND s.handling = 'referred' GROUP BY d.name""", *t["ids"])
        assert t["referred"] == sum(n for _, n in referred)
        assert sorted((d["name"], d["count"]) for d in t["departments"]) == sorted(referred)
        stations = rows(demo.db, f"""SELECT DISTINCT st.name FROM suggestions s JOIN stations st ON st.id = s.station_id
                                     WHERE s.id IN ({marks})""", *t["ids"])
        assert sorted(t["stations"]) == sorted(n for (n,) in stations)
        assert t["example"] in dict(rows(demo.db, f"SELECT id, content FROM suggestions WHERE id IN ({marks})",
                                         *t["ids"])).values()
        assert t["towns"]


def test_json_prints_exactly_the_glossary(demo):
    found = _topics(demo, "--quarter", "2026Q3")
    glossary = {f.key for f in figures.for_output(figures.TOPICS)}
    assert set(found[0]) - figures.META[figures.TOPICS] == glossary


def test_the_table_fits_80_columns_and_the_label_is_the_groups_own_words(demo):
    from rich.cells import cell_len

    result = demo("topics", "--quarter", "2026Q3", "--county", "yiyuan", "--limit", "5", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "集中反映的事项" in lines[0] and "列出前 5 个" in result.stdout
    assert [ln for ln in lines if cell_len(ln) > 80] == []
    assert "序号" in result.stdout and "原话举例" in result.stdout  # a table, not the vertical layout
    first = _topics(demo, "--quarter", "2026Q3", "--county", "yiyuan")[0]
    assert first["label"].split("、")[0] in result.stdout


def test_label_comes_from_the_texts():
    read = reader()
    texts = ["村口路灯坏了，晚上出行不便", "村口的路灯不亮，夜里走路不方便", "西头路灯坏了好几天，晚上看不见"]
    assert "路灯" in label(texts, read)
    groups = group_texts([*texts, "小区垃圾桶太少", "小区垃圾桶不够用，垃圾满地"], read)
    assert groups == [[0, 1, 2], [3, 4]]


def test_period_is_one_of_quarter_or_year(demo):
    for args in ((), ("--quarter", "2026Q3", "--year", "2026"), ("--quarter", "2026Q5"), ("--year", "1999")):
        result = demo("topics", *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    assert "没有意见建议" in demo.ok("topics", "--year", "2020").stdout


def test_csv_and_out_file(demo, tmp_path):
    text = demo.ok("topics", "--quarter", "2026Q3", "--format", "csv").stdout
    header = text.splitlines()[0].lstrip("\ufeff")
    assert header.startswith("rank,label,count,stations,towns,referred,departments,example,ids")
    out = tmp_path / "topics.xlsx"
    demo.ok("topics", "--quarter", "2026Q3", "--out", out)
    assert out.stat().st_size > 0


def test_services_topics_for_the_bulletin(demo):
    from shuanglian_cli.services.topics import topics
    from shuanglian_cli.store.db import open_db

    db = open_db(demo.db)
    try:
        found = topics(db, "2026Q3", None)
    finally:
        db.close()
    printed = [{k: v for k, v in t.items() if k != "rank"} for t in _topics(demo, "--quarter", "2026Q3")]
    assert found == printed and set(found[0]) >= {"label", "count", "ids", "example"}
