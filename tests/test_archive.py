"""sl deputy archive and sl deputy rank."""

import json

import openpyxl


def busiest(demo):
    row = demo.one(
        """SELECT d.id, d.name, count(*) FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id
           JOIN deputies d ON d.id = ad.deputy_id WHERE a.date LIKE '2025%' GROUP BY d.id
           ORDER BY count(*) DESC, d.id LIMIT 1""")
    return row


def test_archive_json_and_xlsx(demo, tmp_path):
    did, name, n = busiest(demo)
    out = tmp_path / "档案.xlsx"
    data = json.loads(demo.ok("deputy", "archive", str(did), "--year", "2025", "--xlsx", str(out), "-f", "json")
                      .output.split("\n✓")[0])
    assert data["deputy"]["name"] == name and data["summary"]["activities"] == n == len(data["activities"])
    assert sum(data["summary"]["suggestions_by_outcome"].values()) == len(data["suggestions"])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["基本情况", "参加活动", "意见建议", "述职评议", "履职要求"]  # issue 16: yearly duties
    assert wb["参加活动"].max_row == n + 1
    assert wb["基本情况"]["B3"].value == name


def test_archive_report_back_rating(demo):
    did, total, sat = demo.one(
        """SELECT ad.deputy_id, a.rating_total, a.rating_satisfied FROM activities a
           JOIN activity_deputies ad ON ad.activity_id = a.id WHERE a.kind = '述职' AND a.date LIKE '2025%'
           LIMIT 1""")
    data = json.loads(demo.ok("deputy", "archive", str(did), "--year", "2025", "-f", "json").output)
    assert data["summary"]["report_backs"] >= 1
    assert any(r["voters"] == total and r["satisfied"] == sat for r in data["report_backs"])
    r = demo.ok("deputy", "archive", str(did), "--year", "2025")
    assert "述职评议" in r.output and "满意" in r.output


def test_archive_formula_like_text_stays_text(demo, tmp_path):
    demo.ok("record", "visit", "-d", "2026-11-18", "-k", "走访", "-s", "1", "--deputy", "1",
            "--opinion", "=1+1 建议｜现场解答", "--as-of", "2026-11-20")
    out = tmp_path / "a.xlsx"
    demo.ok("deputy", "archive", "1", "--year", "2026", "--xlsx", str(out))
    ws = openpyxl.load_workbook(out)["意见建议"]
    cells = [row[2] for row in ws.iter_rows(min_row=2) if row[2].value == "=1+1 建议"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_rank_lists_everyone_most_active_first(demo):
    did, name, n = busiest(demo)
    rows = json.loads(demo.ok("deputy", "rank", "--year", "2025", "-f", "json").output)
    assert len(rows) == 420
    assert rows[0]["activities"] == n and rows[0]["rank"] == 1
    assert rows[-1]["activities"] == 0  # deputies with no participation are listed too
    acts = [r["activities"] for r in rows]
    assert acts == sorted(acts, reverse=True)
    town = json.loads(demo.ok("deputy", "rank", "--year", "2025", "--level", "镇", "-f", "json").output)
    assert town and all("镇" in r["levels"].split(",") for r in town)


def test_archive_bad_input(demo):
    assert "找不到代表" in demo.fails("deputy", "archive", "查无此人", "--year", "2025").output
    assert "层级" in demo.fails("deputy", "rank", "--level", "村").output
