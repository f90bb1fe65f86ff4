"""The escalation ladder (issue 14 item 4): step dates from the due date in working days across the
2026 Mid-Autumn and National Day holidays and the 调休 Saturday of 10 October, checked against a
day-by-day count; an extension re-bases the steps, a late record moves none; chase kinds from the
config; a ladder out of order is refused with its line."""

from __future__ import annotations

import datetime as dt
import json
import re

from shuanglian_cli.domain import escalation
from shuanglian_cli.domain.workdays import build_calendar
from tests.conftest import Sl

CAL = build_calendar()
STEPS = escalation.ladder(escalation.DEFAULT_STEPS)


def _count_shift(day: dt.date, offset: int) -> dt.date:
    """The same shift, walking one calendar day at a time."""
    step = 1 if offset > 0 else -1
    left = abs(offset)
    while left:
        day += dt.timedelta(days=step)
        if CAL.is_workday(day):
            left -= 1
    return day


def test_step_dates_across_holidays_and_a_makeup_saturday():
    due = dt.date(2026, 9, 30)
    dates = {s.name: d for s, d in escalation.step_dates(CAL, due, STEPS)}
    assert dates == {"预警": dt.date(2026, 9, 24), "催办通知书": dt.date(2026, 10, 8), "通报": dt.date(2026, 10, 14)}
    assert CAL.is_workday(dt.date(2026, 10, 10))  # the 调休 Saturday counts
    for offset in range(-12, 13):
        for start in (dt.date(2026, 9, 30), dt.date(2026, 10, 9), dt.date(2026, 2, 13), dt.date(2026, 12, 31)):
            assert escalation.shift(CAL, start, offset) == _count_shift(start, offset), (start, offset)


def test_next_step_skips_done_ones_and_a_late_record_moves_nothing():
    due = dt.date(2026, 9, 30)
    assert escalation.next_step(CAL, due, STEPS, set(), dt.date(2026, 9, 22))[0].name == "预警"
    assert escalation.next_step(CAL, due, STEPS, set(), dt.date(2026, 9, 25))[0].name == "催办通知书"
    step, day = escalation.next_step(CAL, due, STEPS, {"notice"}, dt.date(2026, 10, 20))
    assert (step.name, day) == ("通报", dt.date(2026, 10, 14))
    assert escalation.next_step(CAL, due, STEPS, {"notice", "bulletin"}, dt.date(2026, 10, 20)) is None


def _referred(demo, due: str) -> int:
    out = demo.ok("suggestions", "add", "--county", "yiyuan", "--content", "桥面破损，建议维修",
                  "--station", "南麻街道人大代表民情联络站", "--on", "2026-09-10").output
    sid = int(re.search(r"第 (\d+) 条", out).group(1))
    days = CAL.workdays_between(dt.date(2026, 9, 10), dt.date.fromisoformat(due))
    demo.ok("suggestions", "refer", sid, "--department", "县住房和城乡建设局", "--days", days, "--on", "2026-09-10")
    return sid


def _next(demo, sid: int, command: str, as_of: str) -> dict | None:
    args = ["suggestions", command, "--county", "yiyuan", "--as-of", as_of, "--format", "json"]
    if command == "due":
        args += ["--within", "20"]
    rows = json.loads(demo.ok(*args).output)
    return next(r["next_step"] for r in rows if r["id"] == sid)


def test_overdue_and_due_show_the_next_step(demo):
    sid = _referred(demo, "2026-09-30")
    assert _next(demo, sid, "due", "2026-09-22") == {"name": "预警", "on": "2026-09-24", "kind": "none"}
    assert _next(demo, sid, "overdue", "2026-10-09")["on"] == "2026-10-08"
    demo.ok("suggestions", "chase", sid, "--kind", "notice", "--on", "2026-10-12")  # two days late
    assert _next(demo, sid, "overdue", "2026-10-12") == {"name": "通报", "on": "2026-10-14", "kind": "bulletin"}
    assert "下一步" in demo.ok("suggestions", "overdue", "--county", "yiyuan", "--as-of", "2026-10-12").output


def test_an_extension_rebases_the_ladder(demo):
    sid = _referred(demo, "2026-09-30")
    demo.ok("suggestions", "extend", sid, "--days", 20, "--approved-by", "南麻街道人大工委", "--reason", "需招标",
            "--on", "2026-09-29")
    due = dt.date.fromisoformat(json.loads(demo.ok("suggestions", "show", sid, "--format", "json").output)["due_on"])
    step = _next(demo, sid, "due", "2026-09-29")
    assert step["name"] == "预警" and step["on"] == escalation.shift(CAL, due, -3).isoformat()


def test_chase_kinds_come_from_the_config(demo, tmp_path):
    sid = _referred(demo, "2026-09-30")
    r = demo.fails("suggestions", "chase", sid, "--kind", "fax", "--on", "2026-10-09")
    assert "督办方式“fax”未在配置中定义" in r.output and "notice" in r.output
    demo.ok("suggestions", "chase", sid, "--kind", "phone", "--on", "2026-10-09")
    config = tmp_path / "c.yaml"
    config.write_text("escalation:\n  kinds:\n    fax: 传真督办\n  steps:\n    - {name: 传真, offset: 2, kind: fax}\n",
                      encoding="utf-8")
    custom = Sl(demo.db, config)
    assert "未在配置中定义" in custom.fails("suggestions", "chase", sid, "--kind", "phone").output
    custom.ok("suggestions", "chase", sid, "--kind", "fax", "--on", "2026-10-09")


def test_a_ladder_out_of_order_is_refused_with_its_line(demo, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("operator: 王芳\nescalation:\n  steps:\n    - {name: 催办, offset: 2, kind: notice}\n"
                      "    - {name: 预警, offset: -3, kind: none}\n", encoding="utf-8")
    r = Sl(demo.db, config).fails("suggestions", "overdue")
    assert "第 5 行" in r.output and "按时间先后" in r.output
    config.write_text("escalation:\n  steps:\n    - {name: 催办, offset: 2, kind: telegram}\n", encoding="utf-8")
    assert "telegram" in Sl(demo.db, config).fails("suggestions", "overdue").output
