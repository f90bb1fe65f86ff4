"""The standard forms a liaison office hands in, one module per form, written by io/forms/workbook.py.

Each form module defines KEY (short English name), TITLE (the form's Chinese name, also its sheet
name), COLUMNS (layout.Column list: exactly the printed headers), count(ctx) and rows(ctx).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import ModuleType

from shuanglian_cli.errors import UserError


@dataclass
class FormContext:
    db: object
    scope: object  # store.forms.Scope
    calendar: object  # domain.workdays.WorkCalendar
    reveal: bool = False
    cache: dict = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        return self.scope.as_of


def all_forms() -> list[ModuleType]:
    from shuanglian_cli.io.forms import deputies, receptions, referrals, register, summary

    return [register, referrals, receptions, deputies, summary]


def _plain(name: str) -> str:
    return re.sub(r"[\s\"'“”‘’《》「」()（）]", "", name)


def find_form(name: str) -> ModuleType:
    """A form by its Chinese name (quotes, brackets and spaces ignored; a unique part will do) or key."""
    from shuanglian_cli.domain.text import to_halfwidth

    text = to_halfwidth(name).strip()
    forms = all_forms()
    for form in forms:
        if text.lower() == form.KEY or _plain(text) == _plain(form.TITLE):
            return form
    hits = [f for f in forms if _plain(text) and _plain(text) in _plain(f.TITLE)]
    if len(hits) == 1:
        return hits[0]
    listing = [f"{f.KEY}：{f.TITLE}" for f in forms]
    if hits:
        raise UserError(f"表格名称“{name}”对应多张表，请写完整名称或英文简称：", listing)
    raise UserError(f"没有名为“{name}”的表格，可选：", listing)
