"""sl suggestions: register, hand over, chase, answer, feed back, close; what is overdue and due."""


import datetime as dt

import typer

from shuanglian_cli.cli.calendar import due_text, note_calendar_change
from shuanglian_cli.cli.options import (
    CountyOpt,
    DepartmentOpt,
    DeputyOpt,
    OutputFormat,
    StationOpt,
    as_of_option,
    format_option,
)
from shuanglian_cli.cli.render import echo_json, echo_json_rows, ok, render, render_record
from shuanglian_cli.cli.roster_common import county_or_default
from shuanglian_cli.cli.state import state, today_or
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True)

ID = typer.Argument(..., help="意见建议编号")
ON = typer.Option(None, "--on", help="办理日期（默认今天），例如 2026-11-20")
BY = typer.Option(None, "--by", help="经办人或单位（默认为操作人，见 sl --operator）")
NOTE = typer.Option("", "--note", help="备注")


def _on(text: str | None) -> dt.date:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(text, "--on 日期") if text else today()


def _find(ctx, table: str, text: str | None, county: dict | None) -> dict | None:
    from shuanglian_cli.store.resolve import find

    return find(state(ctx).db(), table, text, county_id=county["id"] if county else None) if text else None


def _referral_terms(ctx: typer.Context, suggestion_id: str, department: str | None, days: int | None):
    """(the department typed, looked up in the suggestion's county, or None; the time limit: --days,
    else the configured one for the suggestion's category) for refer and reopen."""
    from shuanglian_cli.store.suggestions import get

    st = state(ctx)
    row = get(st.db(), suggestion_id)
    dept = _find(ctx, "departments", department, {"id": row["county_id"]})
    return dept, days if days is not None else st.config.limit_for(row["category"])


def _write(ctx: typer.Context, fn, suggestion_id: str, by: str | None = None, **kwargs):
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.suggestions import get

    st = state(ctx)
    db = st.db()
    with transaction(db):
        return fn(db, get(db, suggestion_id)["id"], actor=by or st.operator, **kwargs)


def _extended_text(extended: int | None, template: str = "{}") -> str:
    """已延期, or 超期后延期 for an extension approved after the due date (lifecycle.extension_kind)."""
    from shuanglian_cli.domain.lifecycle import AFTER_DUE_LABEL, EXTENDED_AFTER_DUE

    if not extended:
        return ""
    return template.format(AFTER_DUE_LABEL if extended == EXTENDED_AFTER_DUE else "已延期")


def _county_of_add(ctx: typer.Context, county: str | None, station: str | None, deputy: str | None) -> dict | None:
    """--county, else the county of --station, else of --deputy, else the configured default."""
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.suggestions import county_of

    if not county:
        db = state(ctx).db()
        for table, text in (("stations", station), ("deputies", deputy)):
            if text:
                return county_of(db, find(db, table, text))
    return county_or_default(ctx, county)


@app.command("add")
def add(
    ctx: typer.Context,
    content: str = typer.Option(..., "--content", "-t", help="意见建议内容"),
    county: CountyOpt = None,
    category: str = typer.Option("", "--category", help="类别，例如 民生微实事（决定默认办理时限）"),
    station: StationOpt = None,
    deputy: DeputyOpt = None,
    constituent: str = typer.Option(None, "--constituent", help="提出意见的群众（名册中的）"),
    raiser: str = typer.Option("", "--raiser", help="提出人姓名（不在名册中时）"),
    activity: str = typer.Option(None, "--activity", help="所属联系活动编号（或参考编号，例如 NANMA-0042）"),
    on: str = ON,
    by: str = BY,
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出编号和相似的在办意见建议"),
) -> None:
    """登记一条意见建议（之后用 answer、refer 或 inter-session 处理）；与本县区在办的意见建议很相似时提示（照常登记）。"""
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.suggestions import add_suggestion

    st = state(ctx)
    db = st.db()
    c = _county_of_add(ctx, county, station, deputy)
    if c is None:
        raise UserError("请用 --county 指定县区（或给出 --station、--deputy，或在配置文件中设置 default_county）")
    from shuanglian_cli.store.activities import get_activity
    from shuanglian_cli.store.sites import reference

    ids = {"station_id": id_of(db, "stations", station, c["id"]), "deputy_id": id_of(db, "deputies", deputy, c["id"]),
           "constituent_id": id_of(db, "constituents", constituent, c["id"])}
    activity_id = get_activity(db, activity)["id"] if activity else None
    with transaction(db):
        new_id = add_suggestion(db, county_id=c["id"], collected_on=_on(on), content=content, category=category,
                                raiser_name=raiser, activity_id=activity_id, actor=by or st.operator, **ids)
    similar = _like_open(ctx, c["id"], content, new_id, said=not as_json)  # --json carries them instead
    ref = reference(db, "suggestions", new_id)
    if as_json:
        echo_json({"id": new_id, "reference": ref, "similar": similar})
        return
    ok(f"已登记第 {new_id} 条意见建议（{c['name']}{'，参考编号 ' + ref if ref else ''}）；"
       f"下一步：sl suggestions answer|refer|inter-session {new_id}")


def _like_open(ctx: typer.Context, county_id: int, content: str, new_id: int, said: bool) -> list[dict]:
    """The open suggestions of the county very like the one just registered, warned of unless `said` is
    False (never blocks)."""
    from shuanglian_cli.cli.references import suggestion_refs
    from shuanglian_cli.cli.render import warn
    from shuanglian_cli.services.similar import like_open, warning_text

    st = state(ctx)
    similar = like_open(st.db(), st.config, county_id, [content], exclude_ids=[new_id])
    refs = suggestion_refs(st.db()) if similar and said else None
    for s in similar if said else ():
        warn(warning_text(s["content"], s["like"], refs))
    return similar


@app.command("answer")
def answer(ctx: typer.Context, suggestion_id: str = ID, text: str = typer.Option("", "--text", "-t", help="解答内容"),
           on: str = ON, by: str = BY) -> None:
    """现场解答（随即办结）。"""
    from shuanglian_cli.store.suggestions import answer_on_spot

    _write(ctx, answer_on_spot, suggestion_id, by, on=_on(on), answer=text)
    ok(f"第 {suggestion_id} 条已现场解答并办结")


@app.command("inter-session")
def inter_session(ctx: typer.Context, suggestion_id: str = ID, on: str = ON, by: str = BY, note: str = NOTE) -> None:
    """转为闭会期间建议，由代表依法提出。"""
    from shuanglian_cli.store.suggestions import mark_inter_session

    _write(ctx, mark_inter_session, suggestion_id, by, on=_on(on), note=note)
    ok(f"第 {suggestion_id} 条已转为闭会期间建议")


@app.command("refer")
def refer(
    ctx: typer.Context,
    suggestion_id: str = ID,
    department: DepartmentOpt = ...,
    days: int = typer.Option(None, "--days", "-n", help="办理时限（工作日）；默认按类别取配置 deadlines"),
    co: list[str] = typer.Option(None, "--co", help="协办单位（可多次）：会签意见按同一到期日判断，不计入主办单位的数字"),
    on: str = ON, by: str = BY, note: str = NOTE,
) -> None:
    """交办承办单位（主办，可加 --co 协办），按工作日计算到期日（交办之日为第 0 天）；退办后改派也用它。"""
    from shuanglian_cli.cli.suggestions_desk import refer_with_co

    refer_with_co(ctx, suggestion_id, department, days, co or [], _on(on), by, note)


@app.command("chase")
def chase(ctx: typer.Context, suggestion_id: str = ID, note: str = NOTE,
          kind: str = typer.Option(None, "--kind", help="督办方式（配置 escalation.kinds：phone 电话督办、notice 催办通知书、bulletin 通报）"),
          on: str = ON, by: str = BY) -> None:
    """督办（可多次），记录督办意见；--kind 记录催办阶梯的一步。"""
    from shuanglian_cli.cli.suggestions_desk import chase_of_kind

    n = chase_of_kind(ctx, suggestion_id, kind, _on(on), by, note)
    ok(f"第 {suggestion_id} 条已督办（本轮第 {n} 次）")


@app.command("extend")
def extend(
    ctx: typer.Context,
    suggestion_id: str = ID,
    days: int = typer.Option(..., "--days", "-n", help="新的办理时限：从交办之日起算的工作日总数"),
    approved_by: str = typer.Option(None, "--approved-by", help="批准单位，例如 南麻街道人大工委"),
    reason: str = typer.Option(None, "--reason", help="延期理由"),
    after_due: bool = typer.Option(False, "--after-due", help="到期日已过仍批准的延期（超期后延期）：顺延催办的到期日，但仍按原到期日判断是否按期"),
    on: str = ON, by: str = BY,
) -> None:
    """延期办理：经镇人大（街道人大工委）批准，给出新的时限（到期日前批准；过期后须加 --after-due）。"""
    from shuanglian_cli.domain.lifecycle import check_extension_approval
    from shuanglian_cli.store.suggestions import extend as do_extend

    approval = check_extension_approval(approved_by, reason)
    st = state(ctx)
    due = _write(ctx, do_extend, suggestion_id, by, on=_on(on), calendar=st.calendar, limit_workdays=days,
                 approved_by=approval.approved_by, reason=approval.reason, after_due=after_due)
    ok(f"第 {suggestion_id} 条已{'超期后' if after_due else ''}延期：时限 {days} 个工作日，新到期日 {due_text(due, st.calendar.is_confirmed_year(due.year))}")


@app.command("reply")
def reply(ctx: typer.Context, suggestion_id: str = ID,
          text: str = typer.Option(None, "--text", "-t", help="书面答复内容"),
          reply_class: str = typer.Option(None, "--class", help="答复分类：A 已解决或采纳，B 正在解决或列入计划，C 因条件限制暂时不能解决"),
          promise: str = typer.Option(None, "--promise", help="B 类答复承诺解决的日期"),
          on: str = ON, by: str = BY) -> None:
    """登记主办单位的书面答复（可加答复分类）。"""
    from shuanglian_cli.cli.suggestions_desk import classified_reply

    on_time = classified_reply(ctx, suggestion_id, text or "", reply_class, promise, _on(on), by)
    ok(f"第 {suggestion_id} 条已登记书面答复（{'按期' if on_time else '超期'}答复）；下一步：sl suggestions feedback")


@app.command("feedback")
def feedback(
    ctx: typer.Context, suggestion_id: str = ID,
    satisfaction: str = typer.Option(..., "--satisfaction", "-s", help="群众满意度：满意、基本满意 或 不满意"),
    on: str = ON, by: str = BY, note: str = NOTE,
) -> None:
    """把答复反馈给提出人，记录满意度。"""
    from shuanglian_cli.store.suggestions import feedback as do_feedback

    _write(ctx, do_feedback, suggestion_id, by, on=_on(on), satisfaction=satisfaction, note=note)
    ok(f"第 {suggestion_id} 条已反馈（{satisfaction}）")


@app.command("close")
def close(ctx: typer.Context, suggestion_id: str = ID, on: str = ON, by: str = BY, note: str = NOTE) -> None:
    """办结。"""
    from shuanglian_cli.store.suggestions import close as do_close

    _write(ctx, do_close, suggestion_id, by, on=_on(on), note=note)
    ok(f"第 {suggestion_id} 条已办结")


@app.command("reopen")
def reopen(
    ctx: typer.Context, suggestion_id: str = ID,
    days: int = typer.Option(None, "--days", "-n", help="新一轮办理时限（工作日）；默认按类别"),
    department: DepartmentOpt = None,
    on: str = ON, by: str = BY, note: str = NOTE,
) -> None:
    """群众不满意时重新交办：开始新一轮，重新计算到期日。"""
    from shuanglian_cli.store import suggestions as store

    st = state(ctx)
    dept, limit = _referral_terms(ctx, suggestion_id, department, days)
    _write(ctx, store.reopen, suggestion_id, by, on=_on(on), calendar=st.calendar, limit_workdays=limit,
           department_id=dept["id"] if dept else None, note=note)
    row = store.get(st.db(), suggestion_id)
    ok(f"第 {row['id']} 条已重新交办（第 {row['round'] + 1} 轮），到期日 {due_text(row['due_on'], row['due_confirmed'])}")


@app.command("withdraw")
def withdraw(ctx: typer.Context, suggestion_id: str = ID, on: str = ON, by: str = BY, note: str = NOTE) -> None:
    """撤回（提出人撤回或重复登记）。"""
    from shuanglian_cli.store.suggestions import withdraw as do_withdraw

    _write(ctx, do_withdraw, suggestion_id, by, on=_on(on), note=note)
    ok(f"第 {suggestion_id} 条已撤回")


@app.command("show")
def show(ctx: typer.Context, suggestion_id: str = ID, as_of: str = as_of_option(),
         fmt: OutputFormat = format_option()) -> None:
    """一条意见建议的全部信息和办理过程：日期、经办人、所用工作日、是否超期。"""
    from shuanglian_cli.cli.references import suggestion_refs, with_ref
    from shuanglian_cli.cli.suggestions_desk import desk_json, desk_pairs
    from shuanglian_cli.domain import lifecycle
    from shuanglian_cli.store import suggestions as store

    st = state(ctx)
    note_calendar_change(ctx)
    day = today_or(as_of)
    row = store.detail(st.db(), suggestion_id)
    history = store.events(st.db(), row["id"])
    if any(e["on_date"] > day.isoformat() for e in history):  # --as-of: the state on that day
        then = lifecycle.state_on(history, day)
        if then is None:
            raise UserError(f"第 {row['id']} 条意见建议 {row['collected_on']} 才登记，{day.isoformat()} 时还没有")
        if then["department_id"] != row["department_id"]:
            then["department"] = store.department_name(st.db(), then["department_id"])
        row = {**row, **then, "reply": row["reply"] if then["replied_on"] else ""}
        history = [e for e in history if e["on_date"] <= day.isoformat()]
    steps = lifecycle.timeline(history, st.calendar)
    refs = suggestion_refs(st.db(), row["id"])
    on_time = lifecycle.answered_on_time(row["replied_on"], lifecycle.judged_due(history))
    if fmt is not OutputFormat.table:
        if fmt is OutputFormat.json:
            keep = ("id", "county", "station", "deputy", "constituent", "raiser_name", "collected_on", "content",
                    "category", "state", "handling", "answer", "department", "referred_on", "limit_workdays",
                    "due_on", "round", "extended", "chases", "replied_on", "reply", "fed_back_on", "satisfaction",
                    "closed_on")
            data = with_ref({k: row[k] for k in keep}, refs)
            data.update(due_confirmed=bool(row["due_confirmed"]) if row["due_on"] else None,
                        on_time=on_time, events=steps)
            data.update(desk_json(st.db(), row))
            echo_json(data)
        else:
            render(steps, [(k, k) for k in steps[0]] if steps else [("on", "on")], fmt)
        return
    pairs = [("编号", row["id"]), *([] if refs is None else [("参考编号", refs.get(row["id"]))]), ("状态", lifecycle.STATE_LABELS[row["state"]]), ("内容", row["content"]),
             ("类别", row["category"]), ("县区", row["county"]), ("联络站(点)", row["station"]),
             ("代表", row["deputy"]), ("提出人", row["constituent"] or row["raiser_name"]),
             ("登记日期", row["collected_on"])]
    if row["handling"] == "referred":
        pairs += [("承办单位", row["department"]), ("交办日期", row["referred_on"]),
                  ("办理时限", f"{row['limit_workdays']} 个工作日" + _extended_text(row["extended"], "（{}）")),
                  ("到期日", due_text(row["due_on"], row["due_confirmed"])), ("督办次数", row["chases"])]
        if row["round"]:
            pairs.append(("办理轮次", f"第 {row['round'] + 1} 轮（群众不满意后重新交办）"))
        if on_time is not None:
            pairs.append(("答复", f"{row['replied_on']}，{'按期' if on_time else '超期'}"))
        elif row["state"] == "referred":
            pairs.append(("办理情况", lifecycle.open_referral_status(row["state"], row["due_on"], day, st.calendar)))
    if row["satisfaction"]:
        pairs.append(("满意度", row["satisfaction"]))
    pairs += desk_pairs(st.db(), row, day)
    render_record(pairs, title=f"意见建议 #{row['id']}")
    for s in steps:
        s["due"] = due_text(s["due_on"], s["due_confirmed"]) if s["due_on"] else ""
        s["used"] = "" if s["workdays_used"] is None else f"{s['workdays_used']} 个工作日"
        s["late_text"] = {True: "超期", False: "按期", None: ""}[s["late"]]
    render(steps, [("on", "日期"), ("event", "事项"), ("actor", "经办"), ("department", "承办单位"),
                   ("due", "到期日"), ("used", "已用时"), ("late_text", "是否超期"), ("note", "说明")],
           fmt, title="办理过程", whole=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    state_: list[str] = typer.Option(None, "--state", help="状态，可多次：collected referred returned replied fed_back closed on_spot inter_session withdrawn"),
    station: StationOpt = None,
    department: DepartmentOpt = None,
    deputy: DeputyOpt = None,
    year: int = typer.Option(None, "--year", help="登记年份"),
    category: str = typer.Option(None, "--category", help="类别"),
    limit: int = typer.Option(None, "--limit", help="最多显示多少条"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出意见建议（最新登记的在前）。"""
    from shuanglian_cli.cli.references import ref_columns, suggestion_refs
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.domain.lifecycle import STATE_LABELS
    from shuanglian_cli.store.suggestions import list_suggestions

    bad = [s for s in state_ or [] if s not in STATE_LABELS]
    if bad:
        raise UserError(f"未知的状态“{bad[0]}”，可用：{'、'.join(f'{k}（{v}）' for k, v in STATE_LABELS.items())}")
    note_calendar_change(ctx)
    db = state(ctx).db()
    c = county_or_default(ctx, county)
    county_id = c["id"] if c else None
    rows = list_suggestions(
        db, county_id=county_id, station_id=id_of(db, "stations", station, county_id),
        department_id=id_of(db, "departments", department, county_id),
        deputy_id=id_of(db, "deputies", deputy, county_id), states=state_,
        since=dt.date(year, 1, 1) if year else None, until=dt.date(year, 12, 31) if year else None,
        category=category, limit=limit,
    )
    refs = suggestion_refs(db)
    out = [{"id": r["id"], **({} if refs is None else {"ref": refs.get(r["id"])}),
            "collected_on": r["collected_on"], "county": r["county"], "station": r["station"],
            "deputy": r["deputy"], "category": r["category"], "content": r["content"], "state": r["state"],
            "department": r["department"], "referred_on": r["referred_on"], "due_on": r["due_on"],
            "due_confirmed": bool(r["due_confirmed"]) if r["due_on"] else None, "replied_on": r["replied_on"],
            "satisfaction": r["satisfaction"]} for r in rows]
    if fmt is OutputFormat.table:
        out = [{**r, "state": STATE_LABELS[r["state"]],
                "due_on": due_text(r["due_on"], r["due_confirmed"])} for r in out]
    render(out, ref_columns([("id", "编号"), ("collected_on", "登记日期"), ("station", "联络站(点)"),
                             ("deputy", "代表"), ("content", "内容"), ("state", "状态"), ("department", "承办单位"),
                             ("due_on", "到期日")], refs), fmt,
           footer=[f"共 {len(out)} 条"])


# -- the clerk's morning lists -------------------------------------------------------------------

def _open_rows(ctx, county, station, department, **due) -> list[dict]:
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.store.suggestions import OPEN_REFERRED_COLUMNS, open_referred

    note_calendar_change(ctx)
    db = state(ctx).db()
    c = county_or_default(ctx, county)
    county_id = c["id"] if c else None
    rows = open_referred(db, county_id=county_id, station_id=id_of(db, "stations", station, county_id),
                         department_id=id_of(db, "departments", department, county_id), **due)
    return [dict(zip(OPEN_REFERRED_COLUMNS, r, strict=True)) for r in rows]


_WATCH_COLUMNS = [("id", "编号"), ("content", "内容"), ("station", "联络站(点)"), ("deputy", "代表"),
                  ("department", "承办单位"), ("referred_on", "交办日期"), ("due", "到期日")]


@app.command("overdue")
def overdue(
    ctx: typer.Context,
    county: CountyOpt = None,
    station: StationOpt = None,
    department: DepartmentOpt = None,
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """已交办、到期仍未书面答复的意见建议，超期最久的在前，并列出催办阶梯的下一步；表格下方按承办单位汇总。"""
    from shuanglian_cli.cli.references import ref_columns, suggestion_refs, with_ref
    from shuanglian_cli.cli.suggestions_desk import next_step_text, next_steps
    from shuanglian_cli.domain.lifecycle import overdue_by, overdue_by_department

    day = today_or(as_of)
    rows = _open_rows(ctx, county, station, department, as_of=day, due_before=day)
    cal = state(ctx).calendar
    out = []
    for r in rows:
        late = overdue_by(r["due_on"], day, cal)
        confirmed = bool(r["due_confirmed"]) and cal.confirmed_between(dt.date.fromisoformat(r["due_on"]), day)
        out.append({
            "id": r["id"], "content": r["content"], "county": r["county"], "station": r["station"],
            "deputy": r["deputy"], "department": r["department"], "category": r["category"],
            "referred_on": r["referred_on"], "due_on": r["due_on"], "limit_workdays": r["limit_workdays"],
            "overdue_workdays": late.workdays, "overdue_days": late.days,
            "extended": bool(r["extended"]), "extended_after_due": r["extended"] == 2, "chases": r["chases"],
            "calendar_confirmed": confirmed,
            "round": r["round"] + 1,
        })
    ladder = next_steps(ctx, out, day)
    for r in out:
        r["next_step"] = ladder[r["id"]]
    refs = suggestion_refs(state(ctx).db())
    out = [with_ref(r, refs) for r in out]
    if fmt is OutputFormat.json:
        echo_json_rows(out)
        return
    if fmt is not OutputFormat.table:
        for r in out:
            r["next_step"] = next_step_text(r["next_step"])
        render(out, [(k, k) for k in out[0]] if out else [("id", "id")], fmt)
        return
    by_dept = overdue_by_department(out)
    footer = [f"截至 {day.isoformat()}，超期未答复共 {len(out)} 条，涉及承办单位 {len(by_dept)} 个"]
    footer += [f"  {d.department}：{d.count} 条，最长超期 {d.longest} 个工作日" for d in by_dept]
    for r in out:
        r.update(due=due_text(r["due_on"], r["calendar_confirmed"]),
                 late=f"{r['overdue_workdays']} / {r['overdue_days']}",
                 extended=_extended_text(r["extended"]), next_step=next_step_text(r["next_step"]))
    render(out, [*ref_columns(_WATCH_COLUMNS, refs), ("late", "超期(工作日/天)"), ("extended", "延期"), ("chases", "督办"),
                 ("next_step", "下一步")], fmt,
           title="超期未答复的意见建议", footer=footer, empty=f"截至 {day.isoformat()} 没有超期未答复的意见建议")


@app.command("due")
def due(
    ctx: typer.Context,
    within: int = typer.Option(5, "--within", "-w", help="未来多少个工作日内到期（含今天到期的）"),
    county: CountyOpt = None,
    station: StationOpt = None,
    department: DepartmentOpt = None,
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """即将到期的在办意见建议（提醒清单），最先到期的在前，并列出催办阶梯的下一步；另列不满意待处理的意见建议。"""
    from shuanglian_cli.cli.references import ref_columns, suggestion_refs, with_ref
    from shuanglian_cli.cli.suggestions_desk import next_step_text, next_steps
    from shuanglian_cli.domain.lifecycle import workdays_left

    if within < 0:
        raise UserError(f"--within 应为不小于 0 的工作日数，收到 {within}")
    day = today_or(as_of)
    cal = state(ctx).calendar
    until = cal.add_workdays(day, within) if within else day
    rows = _open_rows(ctx, county, station, department, as_of=day, due_from=day, due_until=until)
    out = [{"id": r["id"], "content": r["content"], "county": r["county"], "station": r["station"],
            "deputy": r["deputy"], "department": r["department"], "category": r["category"],
            "referred_on": r["referred_on"], "due_on": r["due_on"],
            "workdays_left": workdays_left(r["due_on"], day, cal),
            "extended": bool(r["extended"]), "chases": r["chases"], "calendar_confirmed": bool(r["due_confirmed"])}
           for r in rows]
    ladder = next_steps(ctx, out, day)
    for r in out:
        r["next_step"] = ladder[r["id"]] if fmt is OutputFormat.json else next_step_text(ladder[r["id"]])
    refs = suggestion_refs(state(ctx).db())
    out = [with_ref(r, refs) for r in out]
    unhappy = [with_ref(r, refs) for r in _dissatisfied_pending(ctx, county, station, department, day)]
    promised = [with_ref(r, refs) for r in _promise_passed(ctx, county, station, department, day)]
    watch = ref_columns(_WATCH_COLUMNS, refs)
    if fmt is OutputFormat.table:
        for r in out:
            r.update(due=due_text(r["due_on"], r["calendar_confirmed"]),
                     left="今天到期" if r["workdays_left"] == 0 else f"还剩 {r['workdays_left']} 个工作日")
    else:  # one list: reason says why a row is there (figure dissatisfied_pending, docs/figures.md)
        out = [{**r, "reason": "due_soon"} for r in out] + unhappy + promised
    render(out, [*watch, ("left", "剩余"), ("next_step", "下一步")] if fmt is OutputFormat.table else
           [(k, k) for k in out[0]] if out else [("id", "id")], fmt,
           title=f"{within} 个工作日内（至 {until.isoformat()}）到期的意见建议",
           footer=[f"共 {len(out)} 条"], empty=f"{day.isoformat()} 起 {within} 个工作日内没有到期的意见建议")
    if fmt is OutputFormat.table and unhappy:
        render(unhappy, [*watch[:-1], ("fed_back_on", "反馈日期")],
               title="不满意待处理（已反馈不满意，尚未重新交办或办结）", footer=[f"共 {len(unhappy)} 条"])
    if fmt is OutputFormat.table and promised:
        render(promised, [*watch[:-1], ("promise_on", "承诺日期")],
               title="B 类答复承诺已过、未见续报（sl suggestions follow-up 记录续报）", footer=[f"共 {len(promised)} 条"])


def _promise_passed(ctx, county, station, department, day: dt.date) -> list[dict]:
    """B answers whose promise date has passed without a follow-up, in the same scope as `due`."""
    from shuanglian_cli.store.referrals import promise_passed_rows

    return _watch_rows(ctx, promise_passed_rows, county, station, department, day, "promise_passed", "promise_on")


def _dissatisfied_pending(ctx, county, station, department, day: dt.date) -> list[dict]:
    """The suggestions fed back 不满意 and not yet reopened or closed, in the same scope as `due`."""
    from shuanglian_cli.store.figures_queries import dissatisfied_pending_rows

    return _watch_rows(ctx, dissatisfied_pending_rows, county, station, department, day, "dissatisfied", "fed_back_on")


def _watch_rows(ctx, query, county, station, department, day: dt.date, reason: str, dated: str) -> list[dict]:
    """The rows `query` finds on `day` in the scope of `due`, as `due` prints them, with why each is
    there (`reason`) and the date that put it there (`dated`)."""
    from shuanglian_cli.cli.roster_common import id_of

    db = state(ctx).db()
    c = county_or_default(ctx, county)
    county_id = c["id"] if c else None
    rows = query(db, day, county_id, id_of(db, "stations", station, county_id),
                 id_of(db, "departments", department, county_id))
    return [{"id": r["id"], "content": r["content"], "county": r["county"], "station": r["station"],
             "deputy": r["deputy"], "department": r["department"], "category": r["category"],
             "referred_on": r["referred_on"], "due_on": r["due_on"], "workdays_left": None,
             "extended": bool(r["extended"]), "chases": r["chases"], "calendar_confirmed": bool(r["due_confirmed"]),
             dated: r[dated], "reason": reason} for r in rows]
