"""The referral desk's steps on `sl suggestions` (issue 14): refer with co-handlers, co-reply,
return, reply classes and follow-up, chase kinds. Registered onto the suggestions group by
cli/app.py; the reply/refer/chase commands of cli/suggestions.py call the helpers here."""


import datetime as dt

import typer

from shuanglian_cli.cli.calendar import due_text
from shuanglian_cli.cli.options import DepartmentOpt
from shuanglian_cli.cli.render import ok
from shuanglian_cli.cli.state import state

ID = typer.Argument(..., help="意见建议编号")
ON = typer.Option(None, "--on", help="办理日期（默认今天），例如 2026-11-20")
BY = typer.Option(None, "--by", help="经办人或单位（默认为操作人，见 sl --operator）")


def _day(text: str | None, what: str = "--on 日期") -> dt.date:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(text, what) if text else today()


def _department(ctx, county_id: int, text: str) -> dict:
    from shuanglian_cli.store.resolve import find

    return find(state(ctx).db(), "departments", text, county_id=county_id)


def _write(ctx, fn, *args, **kwargs):
    from shuanglian_cli.store.db import transaction

    db = state(ctx).db()
    with transaction(db):
        return fn(db, *args, **kwargs)


# -- helpers of refer, reply, chase (cli/suggestions.py) --------------------------------------------

def refer_with_co(ctx, suggestion_id: str, department: str, days: int | None, co: list[str], on: dt.date,
                  by: str | None, note: str) -> None:
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.suggestions import get

    st = state(ctx)
    row = get(st.db(), suggestion_id)
    lead = _department(ctx, row["county_id"], department)
    others = [_department(ctx, row["county_id"], text) for text in co]
    names = {d["id"]: d["name"] for d in (lead, *others)}
    limit = days if days is not None else st.config.limit_for(row["category"])
    again = row["state"] == "returned"
    after = _write(ctx, referrals.refer, row["id"], department_id=lead["id"], co_ids=[d["id"] for d in others],
                   on=on, calendar=st.calendar, limit_workdays=limit, names=names, actor=by or st.operator,
                   note=note or (f"改派，限 {limit} 个工作日" if again else ""))
    co_text = f"，协办：{'、'.join(d['name'] for d in others if d['id'] != lead['id'])}" if others else ""
    ok(f"第 {after['id']} 条已{'改派' if again else '交办'} {lead['name']}{co_text}，限 {limit} 个工作日，"
       f"到期日 {due_text(after['due_on'], after['due_confirmed'])}")


def classified_reply(ctx, suggestion_id: str, text: str, reply_class: str | None, promise: str | None,
                     on: dt.date, by: str | None) -> bool:
    from shuanglian_cli.domain import referral
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.suggestions import get, reply

    st = state(ctx)
    cls = referral.parse_class(reply_class)
    promised = _day(promise, "--promise 日期") if promise else None
    if cls is not None or promised is not None:
        referral.check_promise(cls, promised, on)
    db = st.db()
    with transaction(db):
        sid = get(db, suggestion_id)["id"]
        on_time = reply(db, sid, on=on, content=text, actor=by or st.operator)
        referrals.classify_reply(db, sid, reply_class=cls, promise=promised)
    return on_time


def chase_of_kind(ctx, suggestion_id: str, kind: str | None, on: dt.date, by: str | None, note: str) -> int:
    from shuanglian_cli.domain.escalation import check_kind
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.suggestions import chase, get

    st = state(ctx)
    kinds = st.config.get("escalation", "kinds") or {}
    kind = check_kind(kind, kinds)
    db = st.db()
    with transaction(db):
        sid = get(db, suggestion_id)["id"]
        n = chase(db, sid, on=on, actor=by or st.operator, note=note or (kinds[kind] if kind else ""))
        referrals.mark_chase_kind(db, sid, kind)
    return n


# -- the escalation ladder on overdue and due ------------------------------------------------------

def next_steps(ctx, rows: list[dict], day: dt.date) -> dict[int, dict]:
    """suggestion id -> the next step of the ladder due for it ({name, on, kind}), from the config."""
    from shuanglian_cli.domain import escalation
    from shuanglian_cli.store.referrals import recorded_chase_kinds

    st = state(ctx)
    steps = escalation.ladder(st.config.get("escalation", "steps") or [])
    recorded = recorded_chase_kinds(st.db(), [r["id"] for r in rows])
    out, dates = {}, {}
    for r in rows:
        hit = escalation.next_step(st.calendar, dt.date.fromisoformat(r["due_on"]), steps,
                                   recorded.get(r["id"], set()), day, dates)
        out[r["id"]] = {"name": hit[0].name, "on": hit[1].isoformat(), "kind": hit[0].kind} if hit else None
    return out


def next_step_text(step: dict | None) -> str:
    return f"{step['name']} {step['on']}" if step else ""


# -- the department report's desk columns -----------------------------------------------------------

DESK_COLUMNS = [("returned", "退办"), ("co", "会签按期/协办"), ("classes", "A/B/C"), ("score_text", "评分（排名）")]
DESK_NOTE = ("退办：本单位退回的交办件（括号内为退回前占用的工作日），不计入本单位按期与超期；会签按期：协办单位会签意见不晚于到期日；"
             "A/B/C：答复分类（续报后按续报）；评分：按期、满意、A 类、退办、当前超期各占交办件的比例乘以配置 score.weights 相加，"
             "交办件少于 score.min_referrals 的不排名")


def desk_cells(r: dict) -> None:
    r["returned"] = f"{r['returned']}（{r['returned_workdays']} 个工作日）" if r["returned"] else 0
    r["co"] = f"{r['co_on_time']}/{r['co_handled']}" if r["co_handled"] else ""
    r["classes"] = f"{r['class_a']}/{r['class_b']}/{r['class_c']}" if r["class_a"] + r["class_b"] + r["class_c"] else ""
    if r["score"] is None:
        r["score_text"] = ""
    else:
        r["score_text"] = f"{r['score']:.1f}" + (f"（{r['rank']}）" if r["rank"] else "（不排名）")


# -- what `show` adds ----------------------------------------------------------------------------

def desk_json(db, row: dict) -> dict:
    """Reply class and promise, co-handlers (会签, on time against the same due date), returns."""
    from shuanglian_cli.domain import lifecycle
    from shuanglian_cli.store import referrals

    co = referrals.co_handlers(db, row["id"])
    for c in co:
        c["on_time"] = lifecycle.answered_on_time(c["replied_on"], row.get("judged_due_on") or row.get("due_on"))
    rets = referrals.returns(db, row["id"])
    for r in rets:
        r["in_window"] = bool(r["in_window"])
    return {"reply_class": row.get("reply_class"), "promise_on": row.get("promise_on"),
            "first_referred_on": row.get("first_referred_on"), "co_handlers": co, "returns": rets,
            "workdays_with_wrong_body": sum(r["workdays_held"] for r in rets)}


def desk_pairs(db, row: dict, day: dt.date) -> list[tuple[str, object]]:
    from shuanglian_cli.domain import referral
    from shuanglian_cli.domain.vocabulary import REPLY_CLASSES

    data = desk_json(db, row)
    pairs: list[tuple[str, object]] = []
    if data["reply_class"]:
        text = f"{data['reply_class']} 类（{REPLY_CLASSES[data['reply_class']]}）"
        if data["promise_on"]:
            late = referral.promise_passed(data["reply_class"], data["promise_on"], day)
            text += f"，承诺 {data['promise_on']} 前解决" + ("（已过承诺日期，待续报）" if late else "")
        pairs.append(("答复分类", text))
    for c in data["co_handlers"]:
        done = {True: "按期", False: "超期", None: ""}[c["on_time"]]
        pairs.append(("协办单位", f"{c['department']}：" + (f"{c['replied_on']} 会签（{done}）" if c["replied_on"] else "未会签")))
    for r in data["returns"]:
        pairs.append(("退办", f"{r['department']} {r['returned_on']} 退办（持有 {r['workdays_held']} 个工作日"
                             f"{'' if r['in_window'] else '，超时限经' + r['approved_by'] + '批准'}）：{r['reason']}"))
    if data["returns"]:
        pairs.append(("在错误单位耗时", f"{data['workdays_with_wrong_body']} 个工作日"))
        if row.get("first_referred_on") and row["first_referred_on"] != row.get("referred_on"):
            pairs.append(("首次交办日期", row["first_referred_on"]))
    return pairs


# -- new steps ------------------------------------------------------------------------------------

def co_reply(
    ctx: typer.Context, suggestion_id: str = ID,
    department: DepartmentOpt = ...,
    text: str = typer.Option(..., "--text", "-t", help="会签意见"),
    on: str = ON, by: str = BY,
) -> None:
    """登记协办单位（--department）的会签意见（与主办单位同一到期日判断是否按期）。"""
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.suggestions import get

    st = state(ctx)
    row = get(st.db(), suggestion_id)
    dept = _department(ctx, row["county_id"], department)
    on_time = _write(ctx, referrals.co_reply, row["id"], department_id=dept["id"], on=_day(on), text=text,
                     actor=by or st.operator, department_name=dept["name"])
    ok(f"第 {row['id']} 条已登记 {dept['name']} 的会签意见（{'按期' if on_time else '超期'}）")


def return_(
    ctx: typer.Context, suggestion_id: str = ID,
    department: DepartmentOpt = ...,
    reason: str = typer.Option(..., "--reason", help="退办理由（如不属于本单位职责）"),
    approved_by: str = typer.Option(None, "--approved-by", help="超过退办时限时的批准单位"),
    on: str = ON, by: str = BY,
) -> None:
    """退办：承办单位（--department，须是现在持有该件的单位）在退办时限内（配置 returns.window_workdays）
    说明理由退回，待改派（再用 refer 交办）。"""
    from shuanglian_cli.store import referrals
    from shuanglian_cli.store.suggestions import get

    st = state(ctx)
    row = get(st.db(), suggestion_id)
    dept = _department(ctx, row["county_id"], department)
    window = int(st.config.get("returns", "window_workdays", default=3))
    inside, held = _write(ctx, referrals.return_, row["id"], department_id=dept["id"], on=_day(on), reason=reason,
                          calendar=st.calendar, window=window, approved_by=approved_by,
                          actor=by or st.operator, department_name=dept["name"])
    ok(f"第 {row['id']} 条已由 {dept['name']} 退办（持有 {held} 个工作日{'' if inside else '，超过时限经批准'}）；"
       f"下一步：sl suggestions refer {row['id']} --department 改派单位")


def follow_up(
    ctx: typer.Context, suggestion_id: str = ID,
    reply_class: str = typer.Option(..., "--class", help="续报的答复分类：A、B 或 C"),
    text: str = typer.Option(..., "--text", "-t", help="续报内容"),
    promise: str = typer.Option(None, "--promise", help="仍为 B 类时新的承诺日期"),
    on: str = ON, by: str = BY,
) -> None:
    """续报：B 类答复（正在解决或列入计划）之后承办单位报告进展，带新的答复分类。"""
    from shuanglian_cli.domain import referral
    from shuanglian_cli.store import referrals

    st = state(ctx)
    cls = referral.parse_class(reply_class)
    day = _day(on)
    promised = _day(promise, "--promise 日期") if promise else None
    _write(ctx, referrals.follow_up, suggestion_id, on=day, reply_class=cls, promise=promised, text=text,
           actor=by or st.operator)
    ok(f"第 {suggestion_id} 条已登记续报（{cls} 类{'，承诺 ' + promised.isoformat() if promised else ''}）")
