"""The rules an activity record (联系活动) keeps whoever writes it (`sl record visit`, `sl record
edit`, the store): its date is a step like any other, and a rating (述职评议) belongs to a 述职
only. Pure logic, no I/O."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain.lifecycle import check_step_date
from shuanglian_cli.errors import UserError

REPORT_BACK = "述职"


def check_activity_date(day: dt.date, write_day: dt.date) -> None:
    """Not after the day the write is judged on (today, or an earlier --as-of)."""
    check_step_date(day, write_day, "活动日期")


def check_rating_kind(rating: object, kind: str, named: bool = True) -> None:
    """A rating is given only at a 述职; `named` says the activity's kind in the message (a visit
    being recorded) or not (an edit, whose kind the clerk may be changing)."""
    if rating and kind != REPORT_BACK:
        if named:
            raise UserError(f"评议结果（--rating）只用于“{REPORT_BACK}”活动，本活动是“{kind}”")
        raise UserError(f"评议结果只用于“{REPORT_BACK}”活动")
