"""sl doc notice: the 接待公告 of a station's reception day."""

from __future__ import annotations

from tests.doc_reading import docx_text


def test_notice_names_date_place_deputies_topic_and_phone(demo, tmp_path):
    target = tmp_path / "公告.docx"
    demo.ok("doc", "notice", "--station", "2", "--date", "2026-12-10", "--deputy", "金燕", "--deputy", "邹鑫雨",
            "--topic", "农村道路养护 & <路灯>", "--time", "上午9:00—11:30", "--out", str(target))
    text = docx_text(target)
    assert "历山街道人大代表民情联络站接待公告" in text
    assert "2026年12月10日（星期四）上午9:00—11:30在沂源县历山街道便民服务中心二楼" in text
    assert "本次接待的议题：农村道路养护 & <路灯>。" in text  # people's words, escaped for Word's XML
    assert "金燕|全国、省、市、县|" in text and "邹鑫雨|市、县|" in text
    assert "2026年11月29日" in text  # the date it was written


def test_no_topic_leaves_out_its_paragraph_and_the_default_name_is_chinese(demo, tmp_path):
    demo.ok("doc", "notice", "--station", "2", "--date", "2026-12-10", "--deputy", "金燕", "--out", str(tmp_path))
    written = tmp_path / "接待公告_历山街道人大代表民情联络站_2026-12-10.docx"
    text = docx_text(written)
    assert "议题" not in text
    assert "联系电话" not in text  # no forms.phone configured: the line is left out, not left blank


def test_a_day_that_is_no_reception_day_is_refused_unless_forced(demo, tmp_path):
    result = demo.fails("doc", "notice", "--station", "2", "--date", "2026-12-11", "--deputy", "金燕",
                        "--out", str(tmp_path))
    assert "不是历山街道人大代表民情联络站的接待日" in result.output and "每月双周周四" in result.output
    assert list(tmp_path.glob("*.docx")) == []
    demo.ok("doc", "notice", "--station", "2", "--date", "2026-12-11", "--deputy", "金燕", "--force",
            "--out", str(tmp_path))
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_unknown_deputy_and_missing_station(demo, tmp_path):
    assert "--station" in demo.fails("doc", "notice", "--date", "2026-12-10").output
    demo.fails("doc", "notice", "--station", "2", "--date", "2026-12-10", "--deputy", "查无此人",
               "--out", str(tmp_path))
    assert list(tmp_path.glob("*.docx")) == []
