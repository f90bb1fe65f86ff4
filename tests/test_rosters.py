"""Roster commands through the CLI: county, station, deputy, member, constituent, department, link."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture
def yy(sl):
    """An empty database with 沂源县's first towns, a station and a point."""
    sl.ok("county", "add-town", "沂源", "南麻街道", "悦庄镇", "历山街道")
    sl.ok("station", "add", "南麻街道人大代表民情联络站", "-c", "yiyuan", "--town", "南麻街道", "--premises",
          "--equipment", "--rules", "--funds", "--schedule", "每月双周周四")
    sl.ok("station", "add", "城东社区民情联络点", "-c", "沂源", "--parent", "南麻街道人大代表民情联络站")
    return sl


def rows(result) -> list[dict]:
    return json.loads(result.stdout)  # notices (such as 未脱敏) go to stderr


def test_county_list_towns_and_add(sl):
    data = rows(sl.ok("county", "list", "--format", "json"))
    assert [c["short_name"] for c in data][-1] == "沂源" and len(data) == 8
    sl.ok("county", "add", "沂水县", "--city", "临沂市")
    data = rows(sl.ok("county", "show", "yishui", "-f", "json"))
    assert data["short_name"] == "沂水" and data["city"] == "临沂市"
    sl.ok("county", "add-town", "yishui", "沂城街道", "许家湖镇")
    towns = rows(sl.ok("county", "towns", "沂水", "-f", "json"))
    assert [(t["name"], t["kind"]) for t in towns] == [("沂城街道", "街道"), ("许家湖镇", "镇")]
    assert "已有镇街" in sl.fails("county", "add-town", "沂水", "许家湖镇").output
    assert "重复" in sl.fails("county", "add", "沂水县").output


def test_config_counties_added_on_init_idempotently(tmp_path):
    from tests.conftest import Sl

    cfg = tmp_path / "config.yaml"
    cfg.write_text("counties:\n  - {name: 沂水县, short_name: 沂水, slug: yishui, city: 临沂市}\n", encoding="utf-8")
    s = Sl(tmp_path / "x.db", config=cfg)
    assert "沂水县" in s.ok("init").output
    s.ok("init")
    assert s.value("SELECT count(*) FROM counties WHERE slug = 'yishui'") == 1
    assert s.value("SELECT count(*) FROM counties") == 9


def test_station_point_needs_parent_and_schedule_is_validated(yy):
    assert "--parent" in yy.fails("station", "add", "某点", "-c", "沂源", "--kind", "点").output
    assert "无法识别" in yy.fails("station", "add", "某站", "-c", "沂源", "--schedule", "每逢初一").output
    data = rows(yy.ok("station", "list", "--county", "yiyuan", "-f", "json"))
    assert [(s["name"], s["kind"], s["parent"]) for s in data] == [
        ("南麻街道人大代表民情联络站", "站", None), ("城东社区民情联络点", "点", "南麻街道人大代表民情联络站")]
    station = data[0]
    assert station["has_funds"] is True and station["schedule"] == "每月双周周四" and station["town"] == "南麻街道"
    assert data[1]["town"] == "南麻街道"  # a point takes its station's town
    yy.ok("station", "edit", "城东", "--no-premises", "--address", "城东社区服务中心")
    point = rows(yy.ok("station", "show", "城东社区民情联络点", "-f", "json"))
    assert point["address"] == "城东社区服务中心" and point["has_premises"] is False
    only_points = rows(yy.ok("station", "list", "--kind", "点", "-f", "json"))
    assert [s["kind"] for s in only_points] == ["点"]


def test_station_with_points_cannot_be_removed_but_can_be_inactive(yy):
    result = yy.fails("station", "remove", "南麻街道人大代表民情联络站")
    assert "不能删除" in result.output and "edit" in result.output and "--inactive" in result.output
    yy.ok("station", "edit", "南麻街道人大代表民情联络站", "--inactive")
    assert [s["name"] for s in rows(yy.ok("station", "list", "-f", "json"))] == ["城东社区民情联络点"]
    assert len(rows(yy.ok("station", "list", "--all", "-f", "json"))) == 2
    assert rows(yy.ok("station", "list", "--inactive", "-f", "json"))[0]["active"] is False
    yy.ok("station", "remove", "城东社区民情联络点")


def test_deputy_add_edit_levels_and_filters(yy):
    yy.ok("deputy", "add", "张 三", "-c", "沂源", "--sex", "男", "--phone", "138-0533-1234", "--level", "县",
          "--level", "镇", "--town", "南麻", "--station", "南麻街道人大代表民情联络站", "--work-unit", "东村党支部书记")
    yy.ok("deputy", "add", "李四", "-c", "沂源", "--level", "省,县", "--town", "悦庄镇")
    data = rows(yy.ok("deputy", "list", "-f", "json"))
    assert data[0] == {
        "id": 1, "name": "张三", "sex": "男", "phone": "13805331234", "work_unit": "东村党支部书记", "levels": "县,镇",
        "county": "沂源", "town": "南麻街道", "station": "南麻街道人大代表民情联络站", "active": True}
    assert [d["name"] for d in rows(yy.ok("deputy", "list", "--level", "镇", "-f", "json"))] == ["张三"]
    assert [d["name"] for d in rows(yy.ok("deputy", "list", "--level", "省", "-f", "json"))] == ["李四"]
    assert [d["name"] for d in rows(yy.ok("deputy", "list", "--town", "悦庄镇", "-f", "json"))] == ["李四"]
    assert [d["name"] for d in rows(yy.ok("deputy", "list", "--station", "南麻", "-f", "json"))] == ["张三"]
    yy.ok("deputy", "edit", "zs", "--phone", "0533-3221234", "--level", "市", "--level", "县")
    shown = rows(yy.ok("deputy", "show", "zhangsan", "-f", "json"))
    assert shown["phone"] == "05333221234" and shown["levels"] == "市,县"
    assert "不是有效的电话号码" in yy.fails("deputy", "add", "王五", "-c", "沂源", "--phone", "12345").output
    assert "代表层级" in yy.fails("deputy", "add", "王五", "-c", "沂源", "--level", "村").output
    assert "同名" in yy.fails("deputy", "add", "张三", "-c", "沂源", "--phone", "0533-3221234").output
    table = yy.ok("deputy", "list").output
    assert "姓名" in table and "代表层级" in table and "张三" in table


def test_csv_format_has_english_keys(yy):
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    reader = list(csv.DictReader(io.StringIO(yy.ok("deputy", "list", "--format", "csv").output)))
    assert reader[0]["name"] == "张三" and reader[0]["levels"] == "县" and reader[0]["county"] == "沂源"


def test_ambiguous_name_lists_candidates(yy):
    yy.ok("deputy", "add", "张三", "-c", "沂源", "--work-unit", "东村")
    yy.ok("deputy", "add", "张三丰", "-c", "沂源", "--work-unit", "西村")
    yy.ok("deputy", "add", "张伟", "-c", "沂源")
    assert rows(yy.ok("deputy", "show", "张三", "-f", "json"))["name"] == "张三"  # exact beats prefix
    result = yy.fails("deputy", "show", "张")
    assert "多个代表" in result.output
    assert "#1 张三" in result.output and "#2 张三丰" in result.output and "#3 张伟" in result.output
    assert "找不到代表" in yy.fails("deputy", "show", "赵").output
    assert rows(yy.ok("deputy", "show", "zsf", "-f", "json"))["name"] == "张三丰"
    assert rows(yy.ok("deputy", "show", "3", "-f", "json"))["name"] == "张伟"


def test_member_crud_and_history(yy):
    yy.ok("member", "add", "杜永", "-c", "沂源", "--post", "副主任", "--group", "第一活动小组", "--phone", "13905331111")
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    data = rows(yy.ok("member", "list", "--group", "第一活动小组", "-f", "json"))
    assert data[0]["post"] == "副主任" and data[0]["phone"] == "13905331111"
    yy.ok("link", "add", "--year", "2026", "--member", "杜永", "--deputy", "张三")
    result = yy.fails("member", "remove", "杜永")
    assert "不能删除" in result.output and "联系代表关系" in result.output and "--inactive" in result.output
    yy.ok("member", "edit", "杜永", "--inactive", "--post", "委员")
    assert rows(yy.ok("member", "list", "-f", "json")) == []
    shown = rows(yy.ok("member", "show", "杜永", "-f", "json"))
    assert shown["active"] is False and shown["post"] == "委员"
    assert shown["links"] == [{"year": 2026, "kind": "联系代表", "name": "张三"}]
    yy.ok("member", "add", "临时", "-c", "沂源")
    yy.ok("member", "remove", "临时")
    assert yy.value("SELECT count(*) FROM members") == 1


def test_constituents_masked_unless_revealed(yy):
    yy.ok("constituent", "add", "王五", "-c", "沂源", "--phone", "13705331234", "--address", "沂源县南麻街道东村12号",
          "--town", "南麻街道")
    for fmt in ("json", "csv", "table"):
        out = yy.ok("constituent", "list", "-f", fmt).output
        assert "13705331234" not in out and "东村12号" not in out
        assert "137****1234" in out
    masked = rows(yy.ok("constituent", "show", "王五", "-f", "json"))
    assert masked["phone"] == "137****1234" and masked["address"].endswith("****")
    revealed = rows(yy.ok("constituent", "list", "--reveal", "-f", "json"))[0]
    assert revealed["phone"] == "13705331234" and revealed["address"] == "沂源县南麻街道东村12号"
    assert "13705331234" in yy.ok("constituent", "show", "王五", "--reveal").output
    logged = yy.rows("SELECT after FROM audit_log WHERE action = 'reveal'")
    assert len(logged) == 2 and not any("13705331234" in row[0] for row in logged)


def test_constituent_with_history_refused(demo):
    result = demo.fails("constituent", "remove", "1")
    assert "不能删除" in result.output and "sl constituent edit 1 --inactive" in result.output
    demo.ok("constituent", "edit", "1", "--inactive")
    assert demo.ok("constituent", "list", "--inactive", "-f", "json").output.count('"id"') == 1


def test_deputy_with_history_refused_and_db_unchanged(demo):
    before = demo.value("SELECT count(*) FROM deputies")
    result = demo.fails("deputy", "remove", "1")
    assert "参加活动" in result.output or "联系" in result.output
    assert demo.value("SELECT count(*) FROM deputies") == before


def test_department_crud(yy):
    yy.ok("department", "add", "县住房和城乡建设局", "-c", "沂源", "--kind", "县直部门", "--contact", "赵六")
    yy.ok("department", "add", "南麻街道办事处", "-c", "沂源", "--kind", "镇街")
    assert [d["name"] for d in rows(yy.ok("department", "list", "--kind", "镇街", "-f", "json"))] == ["南麻街道办事处"]
    yy.ok("department", "edit", "县住房", "--contact", "钱七")
    assert rows(yy.ok("department", "show", "xzf", "-f", "json"))["contact"] == "钱七"
    yy.ok("department", "remove", "南麻街道办事处")
    assert len(rows(yy.ok("department", "list", "-f", "json"))) == 1


def test_department_with_suggestions_refused(demo):
    dept = demo.value("SELECT d.id FROM departments d JOIN suggestions s ON s.department_id = d.id LIMIT 1")
    result = demo.fails("department", "remove", str(dept))
    assert "不能删除" in result.output and "--inactive" in result.output


def test_links_add_list_remove(yy):
    yy.ok("member", "add", "杜永", "-c", "沂源")
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    yy.ok("deputy", "add", "李四", "-c", "沂源")
    yy.ok("constituent", "add", "王五", "-c", "沂源", "--phone", "13705331234")
    yy.ok("link", "add", "--year", "2026", "--member", "杜永", "--deputy", "张三", "--deputy", "李四")
    assert "已存在" in yy.ok("link", "add", "--year", "2026", "--member", "杜永", "--deputy", "张三").output
    yy.ok("link", "add", "--year", "2026", "--deputy", "张三", "--constituent", "王五")
    data = rows(yy.ok("link", "list", "--year", "2026", "-f", "json"))
    assert [(r["kind"], r["from_name"], r["to_name"]) for r in data] == [
        ("member_deputy", "杜永", "张三"), ("member_deputy", "杜永", "李四"), ("deputy_constituent", "张三", "王五")]
    assert len(rows(yy.ok("link", "list", "--kind", "constituents", "-f", "json"))) == 1
    yy.ok("link", "remove", "--year", "2026", "--member", "杜永", "--deputy", "李四")
    assert len(rows(yy.ok("link", "list", "--member", "杜永", "-f", "json"))) == 1
    assert "没有这样的联系关系" in yy.fails("link", "remove", "--year", "2025", "--member", "杜永", "--deputy", "张三").output
    assert "--member" in yy.fails("link", "add", "--deputy", "张三").output


def test_county_scoping_and_unknown_county(yy):
    assert "找不到县区" in yy.fails("deputy", "list", "--county", "火星").output
    yy.ok("county", "add-town", "桓台", "索镇")
    yy.ok("deputy", "add", "张三", "-c", "沂源")
    yy.ok("deputy", "add", "张三", "-c", "桓台", "--town", "索镇")
    assert "多个代表" in yy.fails("deputy", "show", "张三").output
    assert rows(yy.ok("deputy", "show", "张三", "-c", "huantai", "-f", "json"))["town"] == "索镇"


def test_long_list_table_on_demo(demo):
    out = demo.ok("deputy", "list", "--county", "沂源").output
    assert "人大代表名册" in out and "┃ 编号 ┃ 姓名" in out and "共 420 名" in out
    assert out.count("│ 沂源 │") == 420
    stations = demo.ok("station", "list").output
    assert "共 13 个联络站、19 个联络点" in stations
