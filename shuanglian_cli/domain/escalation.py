"""The escalation ladder (催办阶梯, issue 14): named steps at an offset in working days from the due
date in force, each recorded by a chase of a kind the config defines. Pure logic, no I/O.

An extension moves the due date and so re-bases every step; recording a step late does not move the
later ones (they hang on the due date, not on each other). A step of kind `none` (预警) is a warning
only: nothing records it, it is done once its day has passed.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from shuanglian_cli.errors import UserError

NO_CHASE = "none"
DEFAULT_KINDS = {"phone": "电话督办", "notice": "催办通知书", "bulletin": "通报"}
DEFAULT_STEPS = [
    {"name": "预警", "offset": -3, "kind": NO_CHASE},
    {"name": "催办通知书", "offset": 1, "kind": "notice"},
    {"name": "通报", "offset": 6, "kind": "bulletin"},
]


class Step(NamedTuple):
    name: str
    offset: int  # working days from the due date in force (negative: before it)
    kind: str  # the chase kind that records it, or NO_CHASE


def ladder_problem(steps: list, kinds: dict) -> tuple[int, str] | None:
    """(index of the step at fault, why) or None: each step a mapping with a name, an integer
    offset and a kind the config defines (or none), offsets strictly increasing."""
    previous = None
    for i, raw in enumerate(steps or []):
        if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
            return i, "每一步须写明 name（名称）、offset（相对到期日的工作日数）和 kind（记录它的督办方式）"
        offset, kind = raw.get("offset"), raw.get("kind", NO_CHASE)
        if not isinstance(offset, int) or isinstance(offset, bool):
            return i, f"第 {i + 1} 步“{raw['name']}”的 offset 应为整数个工作日，实际是“{offset}”"
        if kind != NO_CHASE and kind not in (kinds or {}):
            return i, f"第 {i + 1} 步“{raw['name']}”的 kind“{kind}”未在 escalation.kinds 中定义（或写 none）"
        if previous is not None and offset <= previous:
            return i, f"第 {i + 1} 步“{raw['name']}”的 offset {offset} 不晚于上一步（{previous}）：各步须按时间先后排列"
        previous = offset
    return None


def ladder(steps: list) -> list[Step]:
    return [Step(str(s["name"]), int(s["offset"]), str(s.get("kind", NO_CHASE))) for s in steps]


def shift(calendar, day: dt.date, offset: int) -> dt.date:
    """The working day `offset` working days after (before, when negative) `day`; 0 is `day`."""
    if offset > 0:
        return calendar.add_workdays(day, offset)
    out = day
    for _ in range(-offset):
        out = calendar.previous_workday(out, include_self=False)
    return out


def step_dates(calendar, due_on: dt.date, steps: list[Step]) -> list[tuple[Step, dt.date]]:
    return [(s, shift(calendar, due_on, s.offset)) for s in steps]


def next_step(calendar, due_on: dt.date, steps: list[Step], recorded: set[str],
              as_of: dt.date, dates: dict | None = None) -> tuple[Step, dt.date] | None:
    """The first step not yet done: a chase step is done once a chase of its kind is recorded in
    the round; a warning once its day has passed. `dates` caches step dates by due date (a long
    list shares few due dates)."""
    if dates is None:
        dated = step_dates(calendar, due_on, steps)
    else:
        dated = dates.get(due_on)
        if dated is None:
            dated = dates[due_on] = step_dates(calendar, due_on, steps)
    for step, day in dated:
        if step.kind == NO_CHASE:
            if day >= as_of:
                return step, day
        elif step.kind not in recorded:
            return step, day
    return None


def check_kind(kind: str | None, kinds: dict) -> str | None:
    if kind is None:
        return None
    if kind not in kinds:
        raise UserError(f"督办方式“{kind}”未在配置中定义",
                        ["可用：" + "、".join(f"{k}（{v}）" for k, v in kinds.items()) + "；见配置 escalation.kinds"])
    return kind
