"""Each deputy's yearly duties (履职要求, the counties' “五个一”/“六个一”): the configurable list and the
rules that judge one deputy's year against it, from evidence gathered by store/duties.py. Pure, no I/O.

The kinds a county may list (config `duties`, each with `at_least`):
- reception_days: took part in at least N reception days (activities of kind 接待日) in the year.
- quarterly_contact: met the constituents linked to them that year at least N times a quarter (an activity
  the deputy attended where one of them was; the rule `sl coverage` uses). Quarters count once they
  are over; the quarter still running counts only when already met. A deputy with no linked
  constituents that year has nothing to judge (met is None, not held against them).
- suggestions: raised at least N suggestions (collected in the year, by the deputy).
- report_back: reported back to voters (述职) at least N times in the term: from the start of the term
  they sit in at the end of the judged period (with several seats, the earliest start) to its end;
  without a seat, within the year.
Everything is cut at the as-of day: a later record had not happened yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS: dict[str, tuple[str, str, str]] = {  # kind -> (label, a table's short header, the unit its count is in)
    "reception_days": ("参加接待日", "接待日", "次"),
    "quarterly_contact": ("每季度联系群众", "季度联系", "季"),
    "suggestions": ("提出意见建议", "意见建议", "条"),
    "report_back": ("本届向选民述职", "述职", "次"),
}
DEFAULT_DUTIES: list[dict] = [
    {"kind": "reception_days", "at_least": 1},
    {"kind": "quarterly_contact", "at_least": 1},
    {"kind": "suggestions", "at_least": 1},
    {"kind": "report_back", "at_least": 1},
]
SHOWN_DATES = 3  # dates a table cell lists before “…”


@dataclass(frozen=True)
class Duty:
    kind: str
    at_least: int

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def short(self) -> str:
        return KINDS[self.kind][1]


def cell(kind: str, result: dict) -> str:
    """A table's cell: 是/否 (— when there is nothing to judge) and the count, 3/4季 for quarters."""
    mark = "—" if result["met"] is None else "是" if result["met"] else "否"
    unit = KINDS[kind][2]
    if kind == "quarterly_contact":
        return f"{mark} {result['count']}/{result['required']}{unit}" if result["met"] is not None else mark
    return f"{mark} {result['count']}{unit}"


def duty_problem(raw: object) -> tuple[int, str] | None:
    """What is wrong with a configured list, as (item index, Chinese reason), or None."""
    if not isinstance(raw, list):
        return 0, "应为列表，每项写 kind 和 at_least"
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "kind" not in item:
            return i, "每项应写 kind（要求的种类）和 at_least（至少几次）"
        kind = item["kind"]
        if kind not in KINDS:
            return i, f"没有“{kind}”这种要求，可用：{'、'.join(KINDS)}"
        if kind in seen:
            return i, f"“{kind}”写了两次"
        seen.add(kind)
        n = item.get("at_least", 1)
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            return i, f"{kind} 的 at_least 应为正整数，实际是“{n}”"
    return None


def parse_duties(raw: list[dict] | None) -> list[Duty]:
    """The configured list (checked by config.py with duty_problem) as Duty values."""
    return [Duty(item["kind"], int(item.get("at_least", 1))) for item in (raw if raw is not None else DEFAULT_DUTIES)]


@dataclass
class Evidence:
    """One deputy's records for the judged period (store/duties.py gathers them for everyone at once)."""
    reception_dates: list[str] = field(default_factory=list)
    contacts_by_quarter: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    linked: int = 0  # constituents linked to the deputy that year
    suggestion_dates: list[str] = field(default_factory=list)
    report_back_dates: list[str] = field(default_factory=list)  # within the term's window
    report_back_since: str = ""  # the window's first day


def quarters_due(year: int, as_of: dt.date) -> int:
    """Quarters of `year` over by `as_of` (all four for a past year; at least the first)."""
    if year < as_of.year:
        return 4
    if year > as_of.year:
        return 1
    ended = sum(1 for q in range(1, 5) if _quarter_end(year, q) <= as_of)
    return max(ended, 1)


def _quarter_end(year: int, q: int) -> dt.date:
    return dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)


def _dates(dates: list[str]) -> str:
    shown = "、".join(d[5:] for d in dates[:SHOWN_DATES])
    return shown + ("…" if len(dates) > SHOWN_DATES else "")


def judge(duty: Duty, ev: Evidence, year: int, as_of: dt.date) -> dict:
    """One duty for one deputy: {met, count, required, evidence (Chinese), ...the dates or counts}."""
    n = duty.at_least
    if duty.kind == "reception_days":
        count = len(ev.reception_dates)
        return {"met": count >= n, "count": count, "required": n, "dates": ev.reception_dates,
                "evidence": f"{count} 次" + (f"：{_dates(ev.reception_dates)}" if count else "")}
    if duty.kind == "suggestions":
        count = len(ev.suggestion_dates)
        return {"met": count >= n, "count": count, "required": n, "dates": ev.suggestion_dates,
                "evidence": f"{count} 条" + (f"，首次 {ev.suggestion_dates[0][5:]}" if count else "")}
    if duty.kind == "report_back":
        count = len(ev.report_back_dates)
        return {"met": count >= n, "count": count, "required": n, "dates": ev.report_back_dates,
                "since": ev.report_back_since,
                "evidence": (f"{count} 次：{_dates(ev.report_back_dates)}" if count else "未述职")
                + f"（自 {ev.report_back_since}）"}
    # quarterly_contact
    by_quarter = ev.contacts_by_quarter
    required = quarters_due(year, as_of)
    started = 4 if year < as_of.year else (0 if year > as_of.year else (as_of.month - 1) // 3 + 1)
    if started > required and by_quarter[required] >= n:  # the running quarter, already met
        required += 1
    count = sum(1 for q in range(required) if by_quarter[q] >= n)
    if not ev.linked:
        return {"met": None, "count": 0, "required": required, "by_quarter": by_quarter, "linked": 0,
                "evidence": "本年没有固定联系群众"}
    shown = "、".join(str(by_quarter[q]) for q in range(max(started, required)))
    return {"met": count == required, "count": count, "required": required, "by_quarter": by_quarter,
            "linked": ev.linked, "evidence": f"{count}/{required} 个季度（各季度 {shown} 次）"}


def judge_all(duties: list[Duty], ev: Evidence, year: int, as_of: dt.date) -> tuple[dict[str, dict], bool]:
    """Every duty for one deputy, and whether all were met (a duty with nothing to judge does not count
    against them)."""
    results = {d.kind: judge(d, ev, year, as_of) for d in duties}
    return results, all(r["met"] is not False for r in results.values())


def report_back_window(year: int, seat_starts: list[str]) -> str:
    """The first day a report-back counts from: the start of the term(s) sat in at the period's end,
    the earliest if several; else the year's first day."""
    return min(seat_starts) if seat_starts else f"{year}-01-01"
