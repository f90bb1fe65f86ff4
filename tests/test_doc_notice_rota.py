"""The 接待公告 names the deputies the duty rota puts on that day (issue 16 wired into issue 15)."""

from __future__ import annotations

from tests.conftest import rows
from tests.doc_reading import docx_text


def test_the_notice_takes_its_deputies_from_the_rota(demo, tmp_path):
    planned = rows(demo.db, """SELECT r.station_id, r.day, group_concat(d.name, '|') AS names FROM duty_rota r
                               JOIN deputies d ON d.id = r.deputy_id WHERE r.day > '2026-11-29'
                               GROUP BY r.station_id, r.day ORDER BY r.day, r.station_id LIMIT 1""")
    assert planned, "the demo plans a rota for its stations"
    station, day, names = planned[0][0], planned[0][1], planned[0][2].split("|")
    target = tmp_path / "公告.docx"
    demo.ok("doc", "notice", "--station", str(station), "--date", day, "--out", str(target))
    text = docx_text(target)
    for name in names:
        assert f"{name}|" in text
    # a swap in the rota shows in the next notice written
    schedule = demo.ok("schedule", "next", "--format", "json").output
    assert names[0] in schedule


def test_named_deputies_replace_the_rota_for_that_day(demo, tmp_path):
    planned = rows(demo.db, """SELECT r.station_id, r.day, d.name FROM duty_rota r JOIN deputies d ON d.id = r.deputy_id
                               WHERE r.day > '2026-11-29' ORDER BY r.day, r.station_id LIMIT 1""")[0]
    station, day, name = planned
    other = rows(demo.db, """SELECT d.name FROM deputies d WHERE d.county_id = (SELECT county_id FROM stations
                             WHERE id = ?) AND d.name NOT IN (SELECT d2.name FROM duty_rota r JOIN deputies d2
                             ON d2.id = r.deputy_id WHERE r.station_id = ? AND r.day = ?)
                             GROUP BY d.name HAVING count(*) = 1 LIMIT 1""",
                 station, station, day)[0][0]
    target = tmp_path / "公告.docx"
    demo.ok("doc", "notice", "--station", str(station), "--date", day,
            "--deputy", other, "--out", str(target))
    text = docx_text(target)
    assert f"{other}|" in text and f"{name}|" not in text
