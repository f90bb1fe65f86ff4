"""sl topics --as-of: the matters of what was collected by then, each counted as it stood that day, so the
sums equal `sl stats` for the same period and day (and the bulletin's matters agree with its figures)."""

from __future__ import annotations

import json


def test_topics_as_of_add_up_to_the_stats_of_that_day(demo):
    for quarter, day in (("2026Q4", "2026-10-28"), ("2026Q3", "2026-08-15"), ("2026Q3", "2026-11-20")):
        stats = json.loads(demo.ok("stats", "quarter", quarter, "--county", "沂源", "--as-of", day,
                                   "--format", "json").output)
        found = json.loads(demo.ok("topics", "--quarter", quarter, "--county", "沂源", "--as-of", day,
                                   "--format", "json").output)
        assert sum(t["count"] for t in found) == stats["suggestions"] > 0
        assert sum(t["referred"] for t in found) == stats["referred"]


def test_a_day_before_the_period_is_refused(demo):
    result = demo.fails("topics", "--quarter", "2026Q4", "--as-of", "2026-09-30")
    assert "2026Q4 开始之前" in result.output
