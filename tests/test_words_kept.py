"""People's words are kept as they said them: full-width punctuation in opinions, answers, replies,
notes, topics and summaries is never turned into ASCII, on every path that takes them in."""

import json

import openpyxl
import pytest

AS_OF = ("--as-of", "2026-11-20")
SAID = "村口路灯不亮，晚上出行不便！（东头）建议：尽快修好？"
ANSWER = "已联系供电所：本周内修复（含东头两盏）。"


def q(sl, sql, *args):
    return sl.rows(sql, *args)


def test_record_visit_keeps_the_opinion_answer_topic_and_summary(demo):
    out = json.loads(demo.ok(
        "record", "visit", "-d", "2026-11-18", "-k", "议题式接待", "-s", "1", "--topic", "农村饮水（山区村）：安全！",
        "--summary", "听取意见，共3人（含1名新群众）。", "--opinion", SAID, "--handle", "on_spot",
        "--answer", ANSWER, "--opinion", "养老认证不便（老人）｜现场解答", "--json", *AS_OF).output)
    first, second = (s["id"] for s in out["suggestions"])
    assert q(demo, "SELECT content, answer FROM suggestions WHERE id = ?", first) == [(SAID, ANSWER)]
    assert q(demo, "SELECT content FROM suggestions WHERE id = ?", second) == [("养老认证不便（老人）",)]
    assert q(demo, "SELECT topic, summary FROM activities WHERE id = ?", out["activity_id"]) == [
        ("农村饮水（山区村）：安全！", "听取意见，共3人（含1名新群众）。")]


def test_a_bar_inside_the_opinion_stays_as_typed(demo):
    out = json.loads(demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1",
                             "--opinion", "甲|乙，丙｜现场解答", "--json", *AS_OF).output)
    assert q(demo, "SELECT content, handling FROM suggestions WHERE id = ?", out["suggestions"][0]["id"]) == [
        ("甲|乙，丙", "on_spot")]


def test_record_visit_from_yaml_keeps_the_words_but_still_folds_names(demo, tmp_path):
    station = q(demo, "SELECT name FROM stations WHERE id = 1")[0][0]
    f = tmp_path / "会议.yaml"
    f.write_text(
        "date: ２０２６-１１-１８\nkind: 座谈\nstation: " + station + "\n"
        "topics: [\"饮水安全（山区）！\"]\nsummary: 座谈，听取意见。\n"
        "opinions:\n  - content: " + SAID + "\n    handle: on_spot\n    answer: " + ANSWER + "\n"
        "  - \"道路破损，（西头）｜现场解答\"\n", encoding="utf-8")
    out = json.loads(demo.ok("record", "visit", "--from", str(f), "--json", *AS_OF).output)
    ids = [s["id"] for s in out["suggestions"]]
    assert q(demo, "SELECT content, answer, collected_on FROM suggestions WHERE id = ?", ids[0]) == [
        (SAID, ANSWER, "2026-11-18")]  # the full-width date was still read
    assert q(demo, "SELECT content FROM suggestions WHERE id = ?", ids[1]) == [("道路破损，（西头）",)]
    assert q(demo, "SELECT topic, summary FROM activities WHERE id = ?", out["activity_id"]) == [
        ("饮水安全（山区）！", "座谈，听取意见。")]


def test_record_visit_from_xlsx_keeps_the_words(demo, tmp_path):
    station = q(demo, "SELECT name FROM stations WHERE id = 1")[0][0]
    path = tmp_path / "会议.xlsx"
    book = openpyxl.Workbook()
    info = book.active
    for row in (["项目", "内容"], ["日期", "2026-11-18"], ["类型", "座谈"], ["站点", station],
                ["摘要", "座谈，听取意见（共5人）。"]):
        info.append(row)
    ops = book.create_sheet("意见建议")
    ops.append(["内容", "处理", "答复"])
    ops.append([SAID, "现场解答", ANSWER])
    book.save(path)
    out = json.loads(demo.ok("record", "visit", "--from", str(path), "--json", *AS_OF).output)
    assert q(demo, "SELECT content, answer FROM suggestions WHERE id = ?", out["suggestions"][0]["id"]) == [
        (SAID, ANSWER)]
    assert q(demo, "SELECT summary FROM activities WHERE id = ?", out["activity_id"]) == [("座谈，听取意见（共5人）。",)]


def test_suggestion_steps_keep_the_words(demo):
    demo.ok("suggestions", "add", "--county", "yiyuan", "--content", SAID, "--on", "2026-11-18")
    sid = q(demo, "SELECT max(id) FROM suggestions")[0][0]
    note = "请抓紧（群众反映多次）！"
    demo.ok("suggestions", "refer", str(sid), "-D", "县住房和城乡建设局", "--on", "2026-11-18", "--note", note)
    reply = "经研究：已列入计划（明年春）！"
    demo.ok("suggestions", "reply", str(sid), "--text", reply, "--on", "2026-11-19")
    assert q(demo, "SELECT content, reply FROM suggestions WHERE id = ?", sid) == [(SAID, reply)]
    notes = dict(q(demo, "SELECT kind, note FROM suggestion_events WHERE suggestion_id = ?", sid))
    assert notes["reply"] == reply and note in notes["refer"]


def test_interactive_visit_keeps_the_words_and_echoes_the_department(demo):
    short = "住房"  # an abbreviation of 县住房和城乡建设局
    answers = "\n".join(["2026-11-18", "走访", "1", "", "", "", "0", SAID, f"交办:{short}", "", ""]) + "\n"
    result = demo("record", "visit", "--interactive", *AS_OF, input=answers)
    assert result.exit_code == 0, result.output
    assert "县住房和城乡建设局" in result.output  # the full name, not what was typed
    sid = q(demo, "SELECT max(id) FROM suggestions")[0][0]
    assert q(demo, "SELECT s.content, d.name FROM suggestions s JOIN departments d ON d.id = s.department_id "
                   "WHERE s.id = ?", sid) == [(SAID, "县住房和城乡建设局")]


@pytest.mark.parametrize("cell", ["已电话联系; 明天再去（东头）", "群众说：“再等等”！"])
def test_register_import_keeps_the_note_and_result(sl, tmp_path, cell):
    from shuanglian_cli.io.forms import register

    path = tmp_path / "登记表.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(register.HEADERS))
    row = dict.fromkeys(register.HEADERS, None)
    row.update({"序号": 1, "接待日期": "2026-09-01", "联络站(点)": "南麻街道人大代表民情联络站", "接待代表": "张三",
                "群众姓名": "王五", "意见建议内容": SAID + "\u3000再说一句", "处理方式": "现场解答",
                "备注": "督办1次；" + cell})
    ws.append([row[h] for h in register.HEADERS])
    book.save(path)
    sl.ok("import", "register", path, "--county", "沂源")
    assert q(sl, "SELECT content, note FROM suggestions") == [(SAID + "\u3000再说一句", cell)]


def test_scripted_visit_names_the_department_not_the_abbreviation(demo):
    plan = demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "-o", "路灯",
                   "--handle", "refer:住房", "--dry-run", *AS_OF).output
    assert "交办 县住房和城乡建设局" in plan and "交办 住房" not in plan
    done = demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "-o", "路灯",
                   "--handle", "refer:住房", *AS_OF).output
    assert "交办 县住房和城乡建设局" in done
