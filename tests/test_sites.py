"""Sites (issue 13 item 1): which office a file is, set once, shown by `sl info`; global ids."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Sl


def test_init_with_site_and_info(tmp_path: Path):
    s = Sl(tmp_path / "t.db")
    s.ok("init", "--site", "南麻街道", "--code", "nanma", "--site-kind", "town", "--county", "沂源")
    info = json.loads(s.ok("info", "--format", "json").output)
    assert info["site"] == {"code": "NANMA", "name": "南麻街道", "kind": "town", "county": "沂源县"}
    assert "南麻街道（NANMA）" in s.ok("info").output


def test_site_set_once_then_new_site_only(demo):
    demo.ok("site", "set", "--site", "沂源县", "--code", "YIYUAN", "--site-kind", "county", "--county", "yiyuan")
    # every existing record got a global id and this site as its origin
    missing = demo.rows("SELECT count(*) FROM suggestions WHERE id NOT IN "
                       "(SELECT row_id FROM _identity WHERE tbl = 'suggestions')")[0][0]
    assert missing == 0
    assert demo.rows("SELECT DISTINCT origin FROM _identity") == [("YIYUAN",)]
    r = demo.fails("site", "set", "--site", "南麻", "--code", "NANMA", "--site-kind", "town", "--county", "yiyuan")
    assert "已设置" in r.output and "--new-site" in r.output
    before = demo.rows("SELECT incarnation FROM _site")[0][0]
    demo.ok("site", "set", "--site", "南麻", "--code", "NANMA", "--site-kind", "town", "--county", "yiyuan",
            "--new-site")
    assert demo.rows("SELECT code, incarnation != ? FROM _site", before) == [("NANMA", 1)]
    # records keep the origin they had; new ones begin here
    assert demo.rows("SELECT DISTINCT origin FROM _identity") == [("YIYUAN",)]


def test_site_refusals(sl):
    assert "代码" in sl.fails("site", "set", "--site", "x", "--code", "南麻", "--site-kind", "town",
                              "--county", "沂源").output
    assert "站点类型" in sl.fails("site", "set", "--site", "x", "--code", "AB", "--site-kind", "village",
                                  "--county", "沂源").output
    assert "--county" in sl.fails("site", "set", "--site", "x", "--code", "AB", "--site-kind", "town").output
    assert "尚未设置站点" in sl.fails("bundle", "create", "--for", "YIYUAN", "--out", "x.slb").output


def test_two_deputies_with_one_name_in_a_county(sl):
    sl.ok("deputy", "add", "张伟", "--county", "沂源", "--phone", "13800000001")
    sl.ok("deputy", "add", "张伟", "--county", "沂源", "--phone", "13800000002")
    assert sl.rows("SELECT count(*) FROM deputies WHERE name = '张伟'")[0][0] == 2
    assert "完好" in sl.ok("check").output


def test_restore_renews_incarnation(tmp_path: Path):
    s = Sl(tmp_path / "t.db")
    s.ok("init", "--site", "沂源县", "--code", "YIYUAN", "--site-kind", "county", "--county", "沂源")
    s.ok("backup", str(tmp_path / "b.db"))
    before = s.rows("SELECT incarnation FROM _site")[0][0]
    s.ok("restore", str(tmp_path / "b.db"))
    assert s.rows("SELECT incarnation FROM _site")[0][0] != before
