"""sl doc referral: numbered 交办单 per body, co-handlers' own slips, numbers allocated once (audited, reused,
restarting each year), --dry-run allocating nothing, phones masked unless --reveal."""

from __future__ import annotations

from shuanglian_cli.domain.text import mask_phone
from tests.conftest import Sl, rows, value
from tests.doc_reading import docx_text

DAY = "2026-11-16"  # eleven suggestions of the demo were referred that day


def _referred(demo, day=DAY):
    return rows(demo.db, """SELECT s.id, s.content, d.name, s.due_on, s.limit_workdays, k.phone, st.name
                            FROM suggestions s JOIN departments d ON d.id = s.department_id
                            LEFT JOIN constituents k ON k.id = s.constituent_id
                            LEFT JOIN stations st ON st.id = s.station_id
                            WHERE s.referred_on = ? AND s.state IN ('referred', 'replied', 'fed_back', 'closed')""", day)


def _chinese(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"


def test_one_slip_per_body_listing_each_suggestion(demo, tmp_path):
    result = demo.ok("doc", "referral", "--on", DAY, "--out", str(tmp_path))
    referred = _referred(demo)
    bodies = sorted({r[2] for r in referred})
    files = sorted(tmp_path.glob("*.docx"))
    assert len(files) == len(bodies) == value(demo.db, "SELECT count(*) FROM referral_slips")
    numbers = [f"沂源人大交〔2026〕{n}号" for n in range(1, len(bodies) + 1)]
    texts = {f.name: docx_text(f) for f in files}
    for number in numbers:
        assert number in result.output
        assert sum(number + "\n" in text for text in texts.values()) == 1
    for _sid, content, body, due, limit, phone, station in referred:
        (name,) = [n for n in texts if n.endswith(f"_{body}.docx")]
        text = texts[name]
        assert f"{body}：" in text and content in text and station in text
        assert f"{limit}个工作日（{_chinese(due)}前）" in text
        assert "书面答复沂源县人大常委会" in text
        if phone:
            assert mask_phone(phone) in text and phone not in text
    assert "已脱敏" in result.output


def test_numbers_are_audited_stored_and_reused(demo, tmp_path):
    demo.ok("doc", "referral", "--on", DAY, "--out", str(tmp_path / "a"))
    first = rows(demo.db, "SELECT id, number FROM referral_slips ORDER BY id")
    items = value(demo.db, "SELECT count(*) FROM referral_slip_items")
    assert items == len(_referred(demo))
    assert value(demo.db, "SELECT count(*) FROM audit_log WHERE table_name = 'referral_slips' AND action = 'insert'") \
        == len(first)
    again = demo.ok("doc", "referral", "--on", DAY, "--out", str(tmp_path / "b"))
    assert "沿用原编号" in again.output and "新编号" not in again.output
    assert rows(demo.db, "SELECT id, number FROM referral_slips ORDER BY id") == first
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in (tmp_path / "b").iterdir())
    # one of them asked for again by id: the same slip, the same number
    sid = _referred(demo)[0][0]
    number = value(demo.db, """SELECT number FROM referral_slips p JOIN referral_slip_items i ON i.slip_id = p.id
                               WHERE i.suggestion_id = ?""", sid)
    assert number in demo.ok("doc", "referral", str(sid), "--out", str(tmp_path / "c")).output


def test_co_handler_gets_its_own_slip_marked_xieban(demo, tmp_path):
    # #2191 is referred to 县农业农村局 with 县公安局 co-handling (the demo's one co-handler)
    demo.ok("doc", "referral", "2191", "--out", str(tmp_path))
    lead = docx_text(next(tmp_path.glob("*县农业农村局.docx")))
    co = docx_text(next(tmp_path.glob("*县公安局_协办.docx")))
    content = value(demo.db, "SELECT content FROM suggestions WHERE id = 2191")
    assert content in lead and content in co
    assert "交你单位办理" in lead and "协办单位：县公安局" in lead
    assert "交你单位协办（主办单位：县农业农村局）" in co
    assert rows(demo.db, "SELECT role FROM referral_slips ORDER BY seq") == [("lead",), ("co",)]


def test_dry_run_allocates_nothing(demo, tmp_path):
    before = value(demo.db, "SELECT count(*) FROM audit_log")
    result = demo.ok("doc", "referral", "--on", DAY, "--dry-run", "--out", str(tmp_path))
    assert "预览" in result.output
    assert value(demo.db, "SELECT count(*) FROM referral_slips") == 0
    assert value(demo.db, "SELECT count(*) FROM audit_log") == before
    files = list(tmp_path.glob("交办单_预览_*.docx"))
    assert files and all("〔待编号〕" in docx_text(f) for f in files)


def test_the_series_restarts_each_year_and_follows_the_county_pattern(demo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text('documents:\n  referral_numbers:\n    沂源: "沂人联交〔{year}〕{n}号"\n', encoding="utf-8")
    office = Sl(demo.db, config)
    assert "沂人联交〔2026〕1号" in office.ok("doc", "referral", "--on", DAY, "--out", str(tmp_path / "a")).output
    result = office("doc", "referral", "2191", "--out", str(tmp_path / "b"), env={"SL_TODAY": "2027-01-05"})
    assert result.exit_code == 0, result.output
    assert "沂人联交〔2027〕1号" in result.output and "沂人联交〔2027〕2号" in result.output
    assert rows(demo.db, "SELECT year, seq FROM referral_slips WHERE year = 2027 ORDER BY seq") == [(2027, 1), (2027, 2)]


def test_a_bad_number_pattern_writes_nothing(demo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text('documents:\n  referral_number: "交〔{yr}〕{n}号"\n', encoding="utf-8")
    result = Sl(demo.db, config).fails("doc", "referral", "--on", DAY, "--out", str(tmp_path / "out"))
    assert "documents.referral_number" in result.output
    assert value(demo.db, "SELECT count(*) FROM referral_slips") == 0
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_reveal_writes_phones_and_is_logged(demo, tmp_path):
    result = demo.ok("doc", "referral", "--on", DAY, "--reveal", "--out", str(tmp_path))
    assert "未脱敏" in result.output
    text = "\n".join(docx_text(f) for f in tmp_path.glob("*.docx"))
    phones = [r[5] for r in _referred(demo) if r[5]]
    assert phones and all(p in text for p in phones)
    assert value(demo.db, "SELECT count(*) FROM audit_log WHERE action = 'reveal' AND command = 'doc referral'") == 1


def test_bad_selections(demo, tmp_path):
    out = tmp_path / "out"
    assert "不存在或尚未交办" in demo.fails("doc", "referral", "999999", "--out", str(out)).output
    assert "2026-11-15 没有交办的意见建议" in demo.fails("doc", "referral", "--on", "2026-11-15", "--out", str(out)).output
    assert not out.exists()


def test_department_filter_and_one_file_out(demo, tmp_path):
    target = tmp_path / "鲁村.docx"
    demo.ok("doc", "referral", "--on", DAY, "--department", "鲁村镇人民政府", "--out", str(target))
    assert "鲁村镇人民政府：" in docx_text(target)
    assert "--out 请给出文件夹" in demo.fails("doc", "referral", "--on", DAY, "--out", str(tmp_path / "x.docx")).output


def test_returned_and_reassigned_gets_a_new_slip_and_leaves_the_old(demo, tmp_path):
    demo.ok("doc", "referral", "2165", "--out", str(tmp_path / "a"))  # referred 2026-11-20 to 县卫生健康局
    demo.ok("doc", "referral", "2168", "--out", str(tmp_path / "a"))
    demo.ok("suggestions", "return", "2165", "--department", "县卫生健康局", "--reason", "不属于本单位职责",
            "--approved-by", "县人大常委会")
    demo.ok("suggestions", "refer", "2165", "--department", "县公安局")
    result = demo.ok("doc", "referral", "2165", "--out", str(tmp_path / "b"))
    assert "沂源人大交〔2026〕3号　县公安局（主办）1 件，新编号" in result.output
    assert "县公安局：" in docx_text(next((tmp_path / "b").glob("*.docx")))
    assert rows(demo.db, "SELECT seq, suggestion_id FROM referral_slips p JOIN referral_slip_items i ON i.slip_id = p.id "
                         "ORDER BY seq") == [(1, 2165), (2, 2168), (3, 2165)]


def test_a_reprint_leaves_out_what_was_since_reassigned(demo, tmp_path):
    demo.ok("doc", "referral", "--on", DAY, "--department", "鲁村镇人民政府", "--out", str(tmp_path / "a"))
    moved, kept = rows(demo.db, "SELECT id, content FROM suggestions WHERE id IN (2129, 2143) ORDER BY id")
    demo.ok("suggestions", "return", "2129", "--department", "鲁村镇人民政府", "--reason", "不属于本单位职责",
            "--approved-by", "县人大常委会")
    demo.ok("suggestions", "refer", "2129", "--department", "县公安局")
    result = demo.ok("doc", "referral", "2143", "--out", str(tmp_path / "b"))
    assert "沂源人大交〔2026〕1号　鲁村镇人民政府（主办）1 件，沿用原编号" in result.output
    text = docx_text(next((tmp_path / "b").glob("*.docx")))
    assert kept[1] in text and moved[1] not in text
