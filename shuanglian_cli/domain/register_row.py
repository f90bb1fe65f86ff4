"""One row of a 意见收集登记表 as read and checked (io/register_import.py) and written
(store/register.py): plain data, so the store need not import io."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(slots=True)
class RegisterRow:
    row_no: int
    date: dt.date
    station: str
    content: str
    deputy: str = ""
    name: str = ""
    phone: str = ""  # digits, or a masked 138****5678 (matched, never stored)
    address: str = ""
    category: str = ""
    handling: str | None = None
    department: str = ""
    referred_on: dt.date | None = None
    limit: int | None = None
    due_on: dt.date | None = None  # when 办理时限 was written as a date
    result: str = ""
    replied_on: dt.date | None = None
    satisfaction: str | None = None
    fed_back_on: dt.date | None = None
    closed_on: dt.date | None = None
    extended: bool = False
    chases: int = 0
    withdrawn: bool = False
    note: str = ""

    @property
    def masked(self) -> bool:
        return "*" in self.phone
