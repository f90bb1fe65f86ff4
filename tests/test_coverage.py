"""sl coverage: members -> deputies, deputies -> constituents, the unreached, quotas."""

import json


def test_coverage_on_demo(demo):
    data = json.loads(demo.ok("coverage", "--quarter", "2026Q3", "--county", "yiyuan", "-f", "json").output)
    s = data["summary"]
    assert s["members"] == 30 and s["linked_deputies"] == 150 and s["linked_constituents"] > 2000
    assert s["group_activities"] == 5 and s["groups_without_activity"] == 0
    assert len(data["unreached_constituents"]) == s["constituents_unreached"]
    assert all(m["linked_deputies"] == m["contacted_deputies"] + len(m["not_contacted"]) for m in data["members"])
    r = demo.ok("coverage", "--quarter", "2026Q3")
    assert "联系覆盖情况" in r.output and "季度双联" in r.output


def test_a_visit_closes_coverage_gaps(demo):
    before = json.loads(demo.ok("coverage", "-q", "2026Q4", "-f", "json", "--as-of", "2026-11-20").output)
    # a member who has not yet met one of their linked deputies this quarter
    m_before = next(m for m in before["members"] if m["not_contacted"])
    member = m_before["member_id"]
    deputy = demo.value(
        "SELECT d.id FROM member_deputies md JOIN deputies d ON d.id = md.deputy_id "
        "WHERE md.year = 2026 AND md.member_id = ? AND d.name = ?", member, m_before["not_contacted"][0])
    constituent = demo.value(
        "SELECT constituent_id FROM deputy_constituents WHERE year = 2026 AND deputy_id = ? LIMIT 1", deputy)
    demo.ok("record", "visit", "-d", "2026-11-19", "-k", "季度双联", "-s", "1", "--member", str(member),
            "--deputy", str(deputy), "--constituent", str(constituent), "--headcount", "2",
            "--opinion", "a｜现场解答", "--as-of", "2026-11-20")
    after = json.loads(demo.ok("coverage", "-q", "2026Q4", "-f", "json", "--as-of", "2026-11-20").output)
    m_after = next(m for m in after["members"] if m["member_id"] == member)
    assert m_after["contacted_deputies"] == m_before["contacted_deputies"] + 1
    d_after = next(d for d in after["deputies"] if d["deputy_id"] == deputy)
    assert d_after["met_constituents"] >= 1 and not d_after["below_quota"]
    assert constituent not in [c["constituent_id"] for c in after["unreached_constituents"]]
    # the new group activity has 3 people and 1 suggestion: below both quotas
    short = [g for g in after["group_activities"] if not g["ok"]]
    assert short and "少于 10 人" in short[-1]["problems"] and "少于 3 条" in short[-1]["problems"]


def test_views_and_bad_input(demo):
    csv_out = demo.ok("coverage", "-q", "2026Q3", "--view", "deputies", "-f", "csv").output.splitlines()
    assert csv_out[0].startswith("deputy,county,station")
    assert len(csv_out) == 421
    r = demo.ok("coverage", "-q", "2026Q3", "--view", "unreached")
    assert "无人联系" in r.output
    assert "--view 只能是" in demo.fails("coverage", "--view", "all").output
    assert "季度" in demo.fails("coverage", "-q", "2026Q9").output


def test_quotas_come_from_config(demo, tmp_path):
    from tests.conftest import Sl

    cfg = tmp_path / "c.yaml"
    cfg.write_text("quotas:\n  group_people: 50\n  group_suggestions: 3\n  constituents_per_quarter: 1\n",
                   encoding="utf-8")
    s = Sl(demo.db, cfg)
    data = json.loads(s.ok("coverage", "-q", "2026Q3", "--view", "groups", "-f", "json").output)
    assert data and all("少于 50 人" in g["problems"] for g in data)
