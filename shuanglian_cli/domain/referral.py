"""The referral desk's rules (issue 14): reply classes and promises, returns within a window of
working days, co-handling bodies. Pure logic, no I/O; store/referrals.py applies them.

- A reply (and a follow-up, 续报) has a class: A 已解决或采纳, B 正在解决或列入计划, C 因条件限制暂时
  不能解决、留作参考. A B answer carries the date by which it is promised; a follow-up is allowed
  while the latest class is B (lifecycle.TRANSITIONS: follow_up).
- A body that received a suggestion outside its remit may return it (退办) within `window` working
  days of the referral; later only with an approval. A return and the re-referral stay in the same
  round; the county still counts the suggestion once, by its first referral date.
- Co-handlers (协办单位) give opinions (会签) judged against the same due date; never the lead's figures.
"""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.domain.vocabulary import REPLY_CLASSES
from shuanglian_cli.errors import UserError

DEFAULT_RETURN_WINDOW = 3
CLASS_HINT = "答复分类：" + "；".join(f"{k} {v}" for k, v in REPLY_CLASSES.items())


def parse_class(text: str | None) -> str | None:
    """'A' / 'B' / 'C' (any case, full-width too), None when not given; anything else is refused."""
    if text is None:
        return None
    value = text.strip().upper().replace("Ａ", "A").replace("Ｂ", "B").replace("Ｃ", "C")
    if value not in REPLY_CLASSES:
        raise UserError(f"答复分类“{text}”无效：只能是 A、B 或 C", [CLASS_HINT])
    return value


def check_promise(reply_class: str | None, promise: dt.date | None, on: dt.date) -> None:
    """A B answer needs its promise date, on or after the answer; other classes carry none."""
    if reply_class == "B" and promise is None:
        raise UserError("B 类答复（正在解决或列入计划）须写明承诺解决的日期：--promise 日期",
                        ["例如 --promise 2027-03-31"])
    if promise is not None and reply_class != "B":
        raise UserError(f"只有 B 类答复才有承诺日期；这次的分类是“{reply_class or '未分类'}”",
                        ["去掉 --promise，或用 --class B"])
    if promise is not None and promise < on:
        raise UserError(f"承诺日期 {promise.isoformat()} 早于答复日期 {on.isoformat()}",
                        ["承诺日期是承办单位答应解决的日期，应在答复当天或之后"])


def promise_passed(reply_class: str | None, promise_on: str | None, day: dt.date) -> bool:
    """A B promise whose date has passed (the follow-up would have replaced class and date)."""
    return reply_class == "B" and bool(promise_on) and str(promise_on) < day.isoformat()


def check_co_handlers(lead_id: int, co_ids: list[int], names: dict[int, str]) -> list[int]:
    """Co-handlers other than the lead, each once."""
    out: list[int] = []
    for cid in co_ids:
        if cid == lead_id:
            raise UserError(f"协办单位“{names.get(cid, cid)}”就是主办单位，不能同时协办",
                            ["--co 只写主办单位以外的单位"])
        if cid not in out:
            out.append(cid)
    return out


def return_terms(held_workdays: int, window: int, approved_by: str | None) -> bool:
    """Whether a return after `held_workdays` working days is inside the window; a later one is
    refused unless an approval is named (and then is recorded as outside the window)."""
    if held_workdays <= window:
        return True
    if not (approved_by or "").strip():
        raise UserError(
            f"交办后已过 {held_workdays} 个工作日，超过退办时限（{window} 个工作日）",
            ["超过时限的退办须经批准：加 --approved-by 批准单位；或由承办单位继续办理"],
        )
    return False


# -- assessing the bodies (the department report's score) --------------------------------------------

SCORE_RATES = ("on_time", "satisfied", "class_a", "returned", "overdue_now")


def score(counts: dict, weights: dict, min_referrals: int) -> dict:
    """Each rate a fraction of the body's referrals in the period (kept ones and returns), weighted
    and summed: {"score": points or None, "rankable": whether it has enough referrals}."""
    base = counts.get("referrals", 0)
    if not base:
        return {"score": None, "rankable": False}
    total = sum(float(weights.get(k, 0)) * counts.get(k, 0) / base for k in SCORE_RATES)
    return {"score": round(total, 1), "rankable": base >= min_referrals}


def rank(rows: list[dict]) -> None:
    """Number the rankable rows by score, best first (ties share a place); others get None."""
    ordered = sorted((r for r in rows if r["rankable"] and r["score"] is not None), key=lambda r: -r["score"])
    place, previous = 0, None
    for i, r in enumerate(ordered, start=1):
        if r["score"] != previous:
            place, previous = i, r["score"]
        r["rank"] = place
    for r in rows:
        r.setdefault("rank", None)
