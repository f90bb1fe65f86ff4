"""Rota properties over random reception rules, holiday shifts and absences, through the command and
the database: every planned day is a reception day of its station, on a working day, as the rule and
schedule.holiday_shift say; nobody is planned while away; nobody twice in one gap window; everyone
gets the yearly minimum (the rosters here always allow it)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian_cli.config import Config
from shuanglian_cli.domain.rota import window_of
from shuanglian_cli.domain.schedule import occurrences, parse_rule
from tests.conftest import Sl

RULES = ("每周四", "每月双周周四", "隔周周二", "每月第2周周四", "每月15日", "每月1日", "每月单周周五")
Y0, Y1 = dt.date(2027, 1, 1), dt.date(2027, 12, 31)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(rule=st.sampled_from(RULES), point_rule=st.sampled_from(RULES), shift=st.sampled_from(["next", "previous", "skip"]),
       gap=st.sampled_from([7, 14, 28, 60]), per_day=st.integers(1, 3),
       away=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 364), st.integers(0, 60)), max_size=5))
def test_planned_days_follow_the_rule_the_calendar_and_absences(rule, point_rule, shift, gap, per_day, away):
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.yaml"
        config.write_text(f"schedule:\n  holiday_shift: {shift}\nrota:\n  min_gap_days: {gap}\n  min_days_per_year: 1\n",
                          encoding="utf-8")
        sl = Sl(Path(folder) / "sl.db", config)
        sl.ok("init")
        sl.ok("station", "add", "甲站", "--county", "沂源", "--kind", "站", "--schedule", rule)
        sl.ok("station", "add", "甲站东点", "--county", "沂源", "--parent", "甲站", "--schedule", point_rule)
        for i in range(12):
            sl.ok("deputy", "add", f"代表{i:02d}", "--county", "沂源", "--station", "甲站东点" if i % 4 == 0 else "甲站",
                  "--level", ["镇", "县", "市,县"][i % 3])
        for who, start, length in away:
            begin = Y0 + dt.timedelta(days=start)
            sl.ok("deputy", "away", f"代表{who:02d}", "--from", begin.isoformat(),
                  "--to", (begin + dt.timedelta(days=length)).isoformat())
        result = sl("schedule", "rota", "--year", "2027", "--per-day", str(per_day))
        assert result.exit_code in (0, 2), result.output
        stored = sl.rows("""SELECT r.day, s.name, d.name FROM duty_rota r JOIN stations s ON s.id = r.station_id
                            JOIN deputies d ON d.id = r.deputy_id""")
        if result.exit_code == 2:  # a shortfall: said, and nothing written
            assert "排不满" in result.output and not stored
            return
        cal = Config(data={**Config().data, "calendar": {"years": {}, "closures": []}}).calendar
        days = {name: {o.day.isoformat() for o in occurrences(parse_rule(r), Y0, Y1, cal, shift)}
                for name, r in (("甲站", rule), ("甲站东点", point_rule))}
        absences = sl.rows("SELECT d.name, a.start_on, a.end_on FROM deputy_absences a JOIN deputies d ON d.id = a.deputy_id")
        seen: dict = {}
        for day, station, name in stored:
            assert day in days[station]
            assert cal.is_workday(dt.date.fromisoformat(day))
            assert not any(n == name and s <= day <= e for n, s, e in absences)
            w = window_of(dt.date.fromisoformat(day), Y0, gap)
            assert (name, w) not in seen, (name, day, seen.get((name, w)))
            seen[(name, w)] = day
        assert {n for n, _ in seen} == {f"代表{i:02d}" for i in range(12)}  # the minimum, 1 day each
