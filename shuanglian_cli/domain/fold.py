"""A suggestion's state on any site: the fold of all its events, whichever site wrote them and
whichever bundle brought them first. Events are sorted by (date, step, origin, number there, global id); each is
applied if the state machine allows it there, else kept, ignored and reported as unusable (two
closes, a reopen crossing a feedback). The referral desk's steps fold too: a return (the state
'returned', then referred again with chases and extensions of its own), a reply's class and promise
and a follow-up's (the latest is the suggestion's), a co-handler's opinion (no step of the state).
Pure logic."""

from __future__ import annotations

from shuanglian_cli.domain import lifecycle

# the order of steps taken on one day
STEP_RANK = {"collect": 0, "on_spot": 1, "refer": 1, "inter_session": 1, "chase": 2, "return": 2, "extend": 3,
             "recalc": 3, "reply": 4, "co_reply": 4, "feedback": 5, "follow_up": 5, "close": 6, "reopen": 7,
             "withdraw": 8}

# the columns of `suggestions` the fold decides
FOLDED = ("state", "handling", "answer", "department_id", "referred_on", "limit_workdays", "due_on", "round",
          "extended", "chases", "replied_on", "reply", "fed_back_on", "satisfaction", "closed_on",
          "first_referred_on", "reply_class", "promise_on")


def sort_key(event: dict) -> tuple:
    # one site's steps of one rank on one day in the order they were entered there (their number at the origin)
    return (event["on_date"], STEP_RANK.get(event["kind"], 9), event.get("origin") or "", event.get("ref") or 0,
            event.get("gid") or "")


def fold(events: list[dict]) -> tuple[dict, list[dict]]:
    """(the folded columns, the events the fold could not use).

    Within one day the steps' rank orders them, but a day can hold a return and the referral that
    follows it (refer, return, refer): of the day's steps not yet taken, the first the state allows
    is taken next; only when none is allowed is the first of them unusable."""
    s: dict = {"state": "collected", "handling": None, "answer": "", "department_id": None, "referred_on": None,
               "limit_workdays": None, "due_on": None, "round": 0, "extended": 0, "chases": 0,
               "replied_on": None, "reply": "", "fed_back_on": None, "satisfaction": None, "closed_on": None,
               "first_referred_on": None, "reply_class": None, "promise_on": None}
    unusable: list[dict] = []
    ordered = sorted(events, key=sort_key)
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and ordered[end]["on_date"] == ordered[start]["on_date"]:
            end += 1
        day = ordered[start:end]
        start = end
        while day:
            pick = next((n for n, e in enumerate(day) if _usable(s, e)), None)
            if pick is None:
                unusable.append(day.pop(0))
            else:
                _take(s, day.pop(pick))
    return s, unusable


def _usable(s: dict, e: dict) -> bool:
    kind = e["kind"]
    if kind in ("collect", "co_reply", "recalc"):  # no step of the state: always taken
        return True
    return kind in lifecycle.TRANSITIONS and lifecycle.allows(s, kind)


def _take(s: dict, e: dict) -> None:
    """Apply one step the state allows."""
    kind, on = e["kind"], e["on_date"]
    if kind in ("collect", "co_reply"):  # a co-handler's opinion is no step of the state
        return
    if kind == "recalc":
        if s["handling"] == "referred" and e.get("due_on"):
            s["due_on"] = e["due_on"]
        return
    target = lifecycle.TRANSITIONS[kind][1]
    if kind == "on_spot":
        s.update(handling="on_spot", answer="" if e.get("note") == "现场解答" else (e.get("note") or ""),
                 closed_on=on)
    elif kind in ("refer", "reopen"):
        if s["state"] == "returned":  # a new body: its own chases and extensions
            s.update(chases=0, extended=0)
        s["first_referred_on"] = s["first_referred_on"] or on
        if kind == "reopen":
            s.update(round=s["round"] + 1, replied_on=None, reply="", fed_back_on=None, satisfaction=None,
                     closed_on=None, extended=0, chases=0)
        s.update(handling="referred", department_id=e.get("department_id") or s["department_id"],
                 referred_on=on, limit_workdays=e.get("limit_workdays"), due_on=e.get("due_on"))
    elif kind == "inter_session":
        s["handling"] = "inter_session"
    elif kind == "chase":
        s["chases"] += 1
    elif kind == "extend":
        after_due = (e.get("note") or "").startswith(lifecycle.AFTER_DUE_LABEL)
        s.update(limit_workdays=e.get("limit_workdays") or s["limit_workdays"], due_on=e.get("due_on") or s["due_on"],
                 extended=max(s["extended"], lifecycle.EXTENDED_AFTER_DUE if after_due else 1))
    elif kind == "reply":
        s.update(replied_on=on, reply=e.get("note") or "")
        if e.get("reply_class"):
            s.update(reply_class=e["reply_class"], promise_on=e.get("promise_on"))
    elif kind == "follow_up":
        s.update(reply_class=e.get("reply_class") or s["reply_class"], promise_on=e.get("promise_on"))
    elif kind == "feedback":
        s.update(fed_back_on=on, satisfaction=e.get("satisfaction"))
    elif kind in ("close", "withdraw"):
        s["closed_on"] = on
    if target:
        s["state"] = target
