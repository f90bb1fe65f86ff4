"""The real date: every "today" in sl comes from `today()`.

Test-only hook: the environment variable SL_TODAY (an ISO date, e.g. 2026-11-29) freezes the clock,
so tests that refuse future dates do not depend on the day they run. Clerks never set it.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    frozen = os.environ.get("SL_TODAY", "").strip()
    if frozen:
        try:
            return dt.date.fromisoformat(frozen)
        except ValueError:
            pass  # a malformed test hook falls back to the real date rather than crash a clerk's command
    return dt.date.today()
