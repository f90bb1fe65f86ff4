"""sl record visit|list|show|edit|remove on real databases."""

import json

import openpyxl

AS_OF = ("--as-of", "2026-11-20")


def q(sl, sql, *args):
    return sl.rows(sql, *args)


def counts(sl):
    return q(sl, "SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM suggestions), "
                 "(SELECT count(*) FROM constituents), (SELECT count(*) FROM suggestion_events)")[0]


def names(sl):
    deputies = [r[0] for r in q(sl, "SELECT name FROM deputies WHERE station_id = 1 ORDER BY id LIMIT 2")]
    return deputies, q(sl, "SELECT name FROM members ORDER BY id LIMIT 1")[0][0]


def test_scripted_visit_records_activity_people_and_handled_suggestions(demo):
    (d1, d2), member = names(demo)
    before = counts(demo)
    r = demo.ok("record", "visit", "--date", "2026-11-18", "--kind", "接待日", "--station", "南麻街道人大代表",
                "--deputy", d1, "--deputy", d2, "--member", member, "--constituent", "1",
                "--new-constituent", "赵新民,13905331234,沂源县南麻街道东村5号", "--headcount", "3",
                "--opinion", "村口路灯不亮", "--handle", "refer:县住房和城乡建设局",
                "--opinion", "养老认证不便｜现场解答", "--opinion", "建议修桥｜闭会", *AS_OF, "--json")
    out = json.loads(r.output)
    aid = out["activity_id"]
    ids = [s["id"] for s in out["suggestions"]]
    assert len(ids) == 3 and out["suggestions"][0]["due_on"] == "2026-12-09"  # 15 working days
    after = counts(demo)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 3 and after[2] == before[2] + 1
    rows = q(demo, "SELECT handling, state, department_id IS NOT NULL, activity_id FROM suggestions "
                   "WHERE id IN (?, ?, ?) ORDER BY id", *ids)
    assert rows == [("referred", "referred", 1, aid), ("on_spot", "on_spot", 0, aid),
                    ("inter_session", "inter_session", 0, aid)]
    assert q(demo, "SELECT extra_constituents, kind FROM activities WHERE id = ?", aid) == [(3, "接待日")]
    assert q(demo, "SELECT count(*) FROM activity_constituents WHERE activity_id = ?", aid) == [(2,)]
    assert q(demo, "SELECT count(*) FROM activity_deputies WHERE activity_id = ?", aid) == [(2,)]
    # the new person is findable by pinyin like any other
    assert q(demo, "SELECT pinyin, initials FROM constituents WHERE name = '赵新民'") == [("zhaoxinmin", "zxm")]


def test_visit_prints_activity_and_suggestion_numbers(demo):
    (d1, _), _ = names(demo)
    r = demo.ok("record", "visit", "-d", "2026-11-19", "-k", "走访", "-s", "1", "--deputy", d1,
                "--opinion", "道路破损", "--handle", "on_spot", *AS_OF)
    aid = q(demo, "SELECT max(id) FROM activities")[0][0]
    sid = q(demo, "SELECT max(id) FROM suggestions")[0][0]
    assert f"#{aid}" in r.output and f"#{sid}（现场解答）" in r.output


def test_interactive_visit_asks_for_what_is_missing(demo):
    (d1, _), _ = names(demo)
    before = counts(demo)
    answers = "\n".join([
        "2026-11-17",          # date
        "座谈",                # kind
        "不存在的站",          # station: unknown, asked again
        "南麻街道人大代表",    # station
        d1,                    # deputies
        "",                    # constituents from the roster: none
        "孙立新,13905339876,南麻街道西村",  # a new constituent
        "",                    # no more new ones
        "2",                   # headcount
        "学校门口缺少减速带",  # opinion 1
        "交办:县交通运输局",   # its handling
        "",                    # no more opinions
    ]) + "\n"
    r = demo.ok("record", "visit", "--interactive", *AS_OF, input=answers)
    assert "找不到联络站(点)“不存在的站”" in r.output
    assert "已记录联系活动" in r.output
    after = counts(demo)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1 and after[2] == before[2] + 1
    row = q(demo, "SELECT a.kind, a.date, a.extra_constituents, s.handling FROM activities a "
                  "JOIN suggestions s ON s.activity_id = a.id ORDER BY a.id DESC LIMIT 1")
    assert row == [("座谈", "2026-11-17", 2, "referred")]


def test_future_date_refused_on_terminal_too(demo):
    before = counts(demo)
    r = demo.fails("record", "visit", "-d", "2026-12-01", "-k", "走访", "-s", "1", *AS_OF)
    assert "晚于今天" in r.output
    r = demo.fails("record", "visit", "-d", "2026-12-01", "-k", "走访", "-s", "1", "--interactive", *AS_OF,
                   input="\n\n\n\n\ny\n")
    assert "晚于今天" in r.output
    assert counts(demo) == before


def test_missing_required_options_without_terminal(demo):
    r = demo.fails("record", "visit", "--kind", "走访")
    assert "缺少 --date" in r.output and "--station" in r.output


def test_bad_input_writes_nothing(demo):
    (d1, _), _ = names(demo)
    before = counts(demo)
    base = ["record", "visit", "-d", "2026-11-18", "-s", "1", *AS_OF]
    assert "活动类型“茶话会”无法识别" in demo.fails(*base, "-k", "茶话会").output
    assert "找不到代表“查无此人”" in demo.fails(*base, "-k", "走访", "--deputy", "查无此人").output
    assert "找不到常委会组成人员" in demo.fails(*base, "-k", "走访", "--member", "查无此人").output
    assert "找不到联络站(点)" in demo.fails("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "火星站").output
    assert "内容为空" in demo.fails(*base, "-k", "走访", "--deputy", d1, "--opinion", "  ").output
    # the last opinion fails at referral lookup: the earlier ones must not stay behind
    r = demo.fails(*base, "-k", "走访", "--deputy", d1, "--new-constituent", "钱多多,13905330000,x",
                   "--opinion", "第一条｜现场解答", "--opinion", "第二条｜交办:不存在的单位")
    assert "第 2 条 --opinion" in r.output and "找不到承办单位" in r.output
    # this one fails while writing (the deadline runs past the calendar): all rolled back
    # (the clock hook moves the real today to 2061 so that such a date can be written at all)
    r = demo("record", "visit", "-d", "2060-12-28", "-k", "走访", "-s", "1", "--as-of", "2061-01-05",
             "--new-constituent", "钱多多,13905330000,x", "--opinion", "第一条｜现场解答",
             "--opinion", "第二条｜交办:县水利局", env={"SL_TODAY": "2061-01-05"})
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "第 2 条 --opinion" in r.output and "超出" in r.output
    assert "不是有效的电话号码" in demo.fails(*base, "-k", "走访", "--new-constituent", "钱多多,12345").output
    assert "--handle 给了 2 个" in demo.fails(*base, "-k", "走访", "--opinion", "a", "--handle", "on_spot",
                                              "--handle", "on_spot", "--opinion", "b", "--opinion", "c").output
    assert "评议结果" in demo.fails(*base, "-k", "走访", "--rating", "5/4").output
    assert "不存在" in demo.fails("record", "visit", "-d", "2026-02-30", "-k", "走访", "-s", "1").output
    assert counts(demo) == before


def test_deputy_of_another_county_is_a_warning_only(sl):
    import sqlite3 as s3

    conn = s3.connect(sl.db)
    conn.execute("INSERT INTO stations (county_id, kind, name) VALUES (8, '站', '测试站')")
    conn.execute("INSERT INTO deputies (county_id, name, pinyin, initials) VALUES (1, '外县代表', 'waixiandaibiao', 'wxdb')")
    conn.commit()
    conn.close()
    r = sl.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "测试站", "--deputy", "外县代表", *AS_OF)
    assert "属于张店区" in r.output and "已记录联系活动" in r.output
    assert q(sl, "SELECT count(*) FROM activity_deputies") == [(1,)]


def test_from_yaml_and_options_add_up(demo, tmp_path):
    (d1, d2), _ = names(demo)
    f = tmp_path / "meeting.yaml"
    f.write_text(f"""
date: 2026-11-16
kind: 议题式接待
station: 南麻街道人大代表
topics: [农村饮水安全]
deputies: [{d1}]
headcount: 20
opinions:
  - content: 山区村自来水管网老化
    handle: refer:县水利局
    category: 民生微实事
  - "村口缺少路灯｜现场解答"
""", encoding="utf-8")
    out = json.loads(demo.ok("record", "visit", "--from", str(f), "--deputy", d2, "--json", *AS_OF).output)
    aid = out["activity_id"]
    assert q(demo, "SELECT topic, extra_constituents FROM activities WHERE id = ?", aid) == [("农村饮水安全", 20)]
    assert q(demo, "SELECT count(*) FROM activity_deputies WHERE activity_id = ?", aid) == [(2,)]
    # 民生微实事: 7 working days from 2026-11-16
    assert q(demo, "SELECT limit_workdays, due_on FROM suggestions WHERE activity_id = ? AND handling = 'referred'",
             aid) == [(7, "2026-11-25")]


def test_from_xlsx(demo, tmp_path):
    (d1, _), _ = names(demo)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动"
    for row in (("项目", "内容"), ("日期", "2026年11月13日"), ("类型", "座谈"), ("站点", "南麻街道人大代表"),
                ("代表", d1), ("人数", 8)):
        ws.append(row)
    ws2 = wb.create_sheet("意见建议")
    ws2.append(["内容", "处理", "类别"])
    ws2.append(["集市缺少监控", "交办:县公安局", "社会治理"])
    ws2.append(["低保办理慢", "现场解答", "民生保障"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    out = json.loads(demo.ok("record", "visit", "--from", str(path), "--json", *AS_OF).output)
    assert len(out["suggestions"]) == 2
    assert q(demo, "SELECT date, kind, extra_constituents FROM activities WHERE id = ?", out["activity_id"]) == [
        ("2026-11-13", "座谈", 8)]
    # a bad row names file and row
    ws2.append(["", "现场解答", ""])
    wb.save(path)
    r = demo.fails("record", "visit", "--from", str(path), *AS_OF)
    assert "m.xlsx" in r.output and "第 4 行" in r.output and "内容为空" in r.output


def test_malformed_from_files(demo, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("date: [2026-11-16\nkind: 座谈\n", encoding="utf-8")
    assert "不是有效的 YAML" in demo.fails("record", "visit", "--from", str(bad)).output
    bad.write_text("date: 2026-11-16\nfoo: 1\n", encoding="utf-8")
    assert "未知的项目“foo”" in demo.fails("record", "visit", "--from", str(bad)).output
    bad.write_text("- a\n- b\n", encoding="utf-8")
    assert "映射" in demo.fails("record", "visit", "--from", str(bad)).output
    assert "找不到文件" in demo.fails("record", "visit", "--from", str(tmp_path / "none.yaml")).output
    txt = tmp_path / "x.txt"
    txt.write_text("x")
    assert "只接受 YAML" in demo.fails("record", "visit", "--from", str(txt)).output


def test_list_show_edit_remove(demo):
    (d1, d2), _ = names(demo)
    out = json.loads(demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--deputy", d1,
                             "--constituent", "1", "--opinion", "x｜现场解答", "--json", *AS_OF).output)
    aid = out["activity_id"]
    before = q(demo, "SELECT id FROM activities WHERE date >= '2026-11-18' AND kind = '走访' ORDER BY id")
    rows = json.loads(demo.ok("record", "list", "--since", "2026-11-18", "--kind", "走访", "-f", "json").output)
    assert sorted(r["id"] for r in rows) == sorted(i for (i,) in before)
    assert aid in [i for (i,) in before] and next(r for r in rows if r["id"] == aid)["suggestions"] == 1
    shown = json.loads(demo.ok("record", "show", str(aid), "-f", "json").output)
    assert shown["deputy_list"][0]["name"] == d1
    assert "****" in shown["constituent_list"][0]["phone"]  # masked by default
    revealed = json.loads(demo.ok("record", "show", str(aid), "--reveal", "-f", "json").stdout)  # the unmasked notice goes to stderr
    assert "*" not in revealed["constituent_list"][0]["phone"]
    demo.ok("record", "edit", str(aid), "--add-deputy", d2, "--summary", "入户走访", "--headcount", "4")
    assert q(demo, "SELECT summary, extra_constituents FROM activities WHERE id = ?", aid) == [("入户走访", 4)]
    assert q(demo, "SELECT count(*) FROM activity_deputies WHERE activity_id = ?", aid) == [(2,)]
    assert "不能再改日期" in demo.fails("record", "edit", str(aid), "--date", "2026-11-17").output
    assert "没有要修改的内容" in demo.fails("record", "edit", str(aid)).output
    assert "--yes" in demo.fails("record", "remove", str(aid)).output
    demo.ok("record", "remove", str(aid), "--yes")
    assert q(demo, "SELECT count(*) FROM activities WHERE id = ?", aid) == [(0,)]
    assert q(demo, "SELECT count(*) FROM suggestions WHERE activity_id = ?", aid) == [(0,)]
    assert "找不到编号为" in demo.fails("record", "show", str(aid)).output


def test_remove_refused_once_a_suggestion_is_referred(demo):
    out = json.loads(demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1",
                             "--opinion", "x｜交办:县水利局", "--json", *AS_OF).output)
    r = demo.fails("record", "remove", str(out["activity_id"]), "--yes")
    assert "已交办" in r.output
    assert q(demo, "SELECT count(*) FROM activities WHERE id = ?", out["activity_id"]) == [(1,)]


def test_dry_run_writes_nothing(demo):
    before = counts(demo)
    r = demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--opinion", "x", "--dry-run", *AS_OF)
    assert "未写入" in r.output and counts(demo) == before
