"""sl doc chase: a 催办通知书 per body for its overdue suggestions (those of `sl suggestions overdue`), and
--record chasing each listed one with kind notice."""

from __future__ import annotations

import json

from tests.conftest import rows, value
from tests.doc_reading import docx_text


def _overdue(demo, *args):
    return json.loads(demo.ok("suggestions", "overdue", "--format", "json", *args).output)


def _chinese(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"


def test_one_notice_per_body_with_the_overdue_list(demo, tmp_path):
    overdue = _overdue(demo)
    notices = value(demo.db, "SELECT count(*) FROM suggestion_events WHERE chase_kind = 'notice'")
    result = demo.ok("doc", "chase", "--out", str(tmp_path))
    bodies = sorted({r["department"] for r in overdue})
    files = {f.name: docx_text(f) for f in tmp_path.glob("*.docx")}
    assert sorted(files) == sorted(f"催办通知书_{b}_2026-11-29.docx" for b in bodies)
    assert f"共 {len(bodies)} 个单位、{len(overdue)} 件超期" in result.output
    for r in overdue:
        text = files[f"催办通知书_{r['department']}_2026-11-29.docx"]
        assert f"{r['department']}：" in text and r["content"] in text
        assert f"{_chinese(r['due_on'])}|{r['overdue_workdays']}个工作日" in text
        assert "截至2026年11月29日已超过办理期限" in text
    # written, not recorded: no chase added
    assert value(demo.db, "SELECT count(*) FROM suggestion_events WHERE chase_kind = 'notice'") == notices


def test_record_chases_each_listed_suggestion_with_kind_notice(demo, tmp_path):
    overdue = _overdue(demo, "--department", "县农业农村局")
    ids = sorted(r["id"] for r in overdue)
    before = dict(rows(demo.db, f"SELECT id, chases FROM suggestions WHERE id IN ({', '.join(map(str, ids))})"))
    result = demo.ok("doc", "chase", "--department", "县农业农村局", "--record", "--out", str(tmp_path))
    assert f"已为 {len(ids)} 件登记督办" in result.output
    after = dict(rows(demo.db, f"SELECT id, chases FROM suggestions WHERE id IN ({', '.join(map(str, ids))})"))
    assert after == {i: before[i] + 1 for i in ids}
    assert rows(demo.db, """SELECT suggestion_id, on_date FROM suggestion_events WHERE kind = 'chase'
                            AND chase_kind = 'notice' AND on_date = '2026-11-29' ORDER BY suggestion_id""") \
        == [(i, "2026-11-29") for i in ids]
    # the ladder now knows the notice was sent
    assert "催办通知书" not in json.dumps(
        [r["next_step"] for r in _overdue(demo, "--department", "县农业农村局")], ensure_ascii=False)


def test_as_of_an_earlier_day_and_no_overdue(demo, tmp_path):
    early = _overdue(demo, "--as-of", "2026-11-10")
    demo.ok("doc", "chase", "--as-of", "2026-11-10", "--out", str(tmp_path))
    text = "\n".join(docx_text(f) for f in tmp_path.glob("*.docx"))
    assert all(r["content"] in text for r in early)
    assert "截至2026年11月10日" in text
    assert "没有超期未答复" in demo.fails("doc", "chase", "--as-of", "2025-01-02", "--out", str(tmp_path / "x")).output


def test_record_on_a_later_day_is_refused_and_writes_nothing(demo, tmp_path):
    events = value(demo.db, "SELECT count(*) FROM suggestion_events")
    result = demo.fails("doc", "chase", "--as-of", "2026-12-20", "--record", "--out", str(tmp_path / "x"))
    assert "晚于今天" in result.output
    assert not (tmp_path / "x").exists()
    assert value(demo.db, "SELECT count(*) FROM suggestion_events") == events
