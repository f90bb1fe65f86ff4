"""sl record visit|list|show|edit|remove: contact activities (联系活动)."""


import typer

from shuanglian_cli.cli.options import (
    CountyOpt,
    DeputiesOpt,
    DeputyOpt,
    OutputFormat,
    StationOpt,
    as_of_option,
    format_option,
)
from shuanglian_cli.cli.render import echo_json, is_terminal, ok, render, render_record, stdout_console, warn
from shuanglian_cli.cli.state import state, today_or
from shuanglian_cli.errors import UserError

app = typer.Typer(no_args_is_help=True, help="记录联系活动（接待日、走访、座谈……）")

VISIT_HELP = """记录一次联系活动及其中收集的意见建议（一个事务：要么全部记录，要么都不记录）。

\b
例：sl record visit --date 2026-11-18 --kind 接待日 --station 南麻 \\
      --deputy 张三 --deputy 李四 --constituent 王五 --new-constituent "赵六,13905331234,南麻街道东村" \\
      --headcount 3 --opinion "村口路灯不亮" --handle refer:县住房和城乡建设局 \\
      --opinion "养老认证不便｜现场解答"
\b
--handle 按顺序对应各条 --opinion（只给一个则适用于全部）：on_spot（现场解答）、
refer:承办单位[:工作日数]（交办；时限默认按类别取配置）、inter_session（闭会期间建议）；不写则只登记。
也可在 --opinion 末尾用“｜处理方式”写在一起。长的会议可写成文件：--from 会议.yaml 或 会议.xlsx
（格式见 `sl record visit --help` 末尾）。在终端中缺少的项目会逐项询问（Tab 补全姓名）；
在脚本中缺少 --date、--kind、--station 则报错。

\b
YAML 文件示例：
  date: 2026-11-18
  kind: 议题式接待
  station: 南麻街道
  topics: [农村饮水安全]
  deputies: [张三, 李四]
  opinions:
    - content: 山区村自来水管网老化
      handle: refer:县水利局
    - "村口缺少路灯｜现场解答"
Excel 文件：一个“项目/内容”工作表（日期、类型、站点、代表……），一个表头为
“内容、处理、类别、代表、提出人、答复”的意见建议工作表。
"""


def _write_day(as_of: str | None):
    """The day a write is judged on: --as-of, which may not be later than the real date, else today."""
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.lifecycle import check_write_as_of

    day = today_or(as_of)
    check_write_as_of(day, today())
    return day


@app.command("visit", help=VISIT_HELP)
def visit(
    ctx: typer.Context,
    date: str = typer.Option(None, "--date", "-d", help="活动日期，例如 2026-11-18"),
    kind: str = typer.Option(None, "--kind", "-k", help="类型：接待日、议题式接待、季度双联、走访、接听日、座谈、述职、其他"),
    station: StationOpt = None,
    county: CountyOpt = None,
    topic: list[str] = typer.Option([], "--topic", help="议题（议题式接待；可多次）"),
    summary: str = typer.Option(None, "--summary", help="活动情况摘要"),
    group: str = typer.Option(None, "--group", help="活动小组（季度双联；默认取参加组成人员的小组）"),
    deputy: DeputiesOpt = (),
    member: list[str] = typer.Option([], "--member", help="参加的常委会组成人员（可多次）"),
    constituent: list[str] = typer.Option([], "--constituent", help="接待的名册内群众（可多次）"),
    new_constituent: list[str] = typer.Option([], "--new-constituent", help="名册外的新群众：“姓名,电话,住址”（可多次）"),
    headcount: int = typer.Option(None, "--headcount", min=0, help="另有多少群众只记人数"),
    rating: str = typer.Option(None, "--rating", help="述职评议结果：满意人数/参评人数，例如 47/48"),
    opinion: list[str] = typer.Option([], "--opinion", "-o", help="意见建议内容（可多次；可用“内容｜处理方式”）"),
    handle: list[str] = typer.Option([], "--handle", help="处理方式，按顺序对应 --opinion"),
    category: list[str] = typer.Option([], "--category", help="意见建议类别（如 民生微实事），按顺序对应 --opinion"),
    answer: list[str] = typer.Option([], "--answer", help="现场答复内容，按顺序对应 --opinion"),
    raiser: list[str] = typer.Option([], "--raiser", help="提出人（群众姓名），按顺序对应 --opinion"),
    from_file: str = typer.Option(None, "--from", metavar="FILE", help="从 YAML 或 Excel 文件读取活动记录"),
    interactive: bool = typer.Option(
        None, "--interactive/--no-interactive", "-i/-I", help="逐项询问缺少的内容（默认：在终端中询问）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查并显示将要记录的内容，不写入"),
    as_of: str = as_of_option(),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出活动编号和意见建议编号"),
    yes: bool = typer.Option(False, "--yes", "-y", help="人数超过 500 人时不再询问，照常记录"),
) -> None:
    from shuanglian_cli.domain.activity import OpinionInput, VisitInput, paired, split_opinion
    from shuanglian_cli.domain.activity_rules import check_activity_date
    from shuanglian_cli.store.activities import insert_visit, resolve_visit
    from shuanglian_cli.store.db import transaction

    st = state(ctx)
    db = st.db()
    today = _write_day(as_of)
    ask = is_terminal() if interactive is None else interactive
    given = VisitInput(
        date=date, kind=kind or "", station=station or "", county=county or "", topics=list(topic),
        summary=summary or "", group=group or "", deputies=list(deputy), members=list(member),
        constituents=list(constituent), new_constituents=list(new_constituent), headcount=headcount,
        rating=rating or "",
    )
    handles = paired(list(handle), len(opinion), "--handle")
    categories = paired(list(category), len(opinion), "--category")
    answers = paired(list(answer), len(opinion), "--answer")
    raisers = paired(list(raiser), len(opinion), "--raiser")
    for i, text in enumerate(opinion):
        content, inline = split_opinion(text)
        where = f"第 {i + 1} 条 --opinion：" if len(opinion) > 1 else "--opinion："
        if inline and handles[i] and len(handle) > 1:
            raise UserError(f"{where}已在内容后写了处理方式“{inline}”，又给了 --handle")
        given.opinions.append(OpinionInput(content=content, handle=inline or handles[i], category=categories[i],
                                           answer=answers[i], raiser=raisers[i], where=where))
    vi = given
    if from_file:
        from shuanglian_cli.io.record_file import read_record_file

        vi = read_record_file(from_file).merge(given)
    if ask:
        from shuanglian_cli.cli.record_prompts import fill_in

        vi = fill_in(db, vi, today, st.config.get("default_county"))
    else:
        missing = [opt for opt, value in (("--date", vi.date), ("--kind", vi.kind)) if value in (None, "")]
        if not vi.station and not vi.county:
            missing.append("--station")
        if missing:
            raise UserError(f"缺少 {'、'.join(missing)}（不在终端中运行时必须写明；或用 --from 文件）")
    plan = resolve_visit(db, vi, st.config, st.config.get("default_county"))
    check_activity_date(plan.date, today)
    _confirm_headcount(plan.headcount, yes, ask)
    if plan.kind == "接待日" and st.calendar.day_kind(plan.date) == "节假日":
        plan.warnings.append(HOLIDAY_NOTE.format(day=plan.date.isoformat()))
    for message in plan.warnings:
        warn(message)
    similar = _like_open(db, st.config, plan, said=not as_json)  # --json carries them instead
    if dry_run:
        _show_plan(plan)
        stdout_console().print("[dim]（--dry-run：未写入）[/dim]")
        return
    calendar = st.calendar if any(o.handling.kind == "refer" for o in plan.opinions) else None
    with transaction(db):
        result = insert_visit(db, plan, st.config, calendar, actor=st.operator)
    if as_json:
        echo_json({"activity_id": result["activity_id"], "suggestions": result["suggestions"],
                   "warnings": plan.warnings, "similar": similar})
        return
    _report(plan, result)


def _like_open(db, config, plan, said: bool) -> list[dict]:
    """The opinions very like an open suggestion of the county, each warned of unless `said` is False
    (never blocks)."""
    from shuanglian_cli.cli.references import suggestion_refs
    from shuanglian_cli.services.similar import like_open, warning_text

    similar = like_open(db, config, plan.county["id"], [o.content for o in plan.opinions])
    refs = suggestion_refs(db) if similar and said else None
    for s in similar if said else ():
        warn(warning_text(s["content"], s["like"], refs))
    return similar


HOLIDAY_NOTE = "{day} 是法定节假日：接待日一般不安排在节假日，请核对日期（仍照常记录）"


def _holiday_note(calendar, day) -> None:
    if calendar.day_kind(day) == "节假日":
        warn(HOLIDAY_NOTE.format(day=day.isoformat()))


def _confirm_headcount(count: int, yes: bool, ask: bool) -> None:
    """More than 500 people at one visit is more often a typing slip (5000 for 50): confirm it."""
    from shuanglian_cli.domain.activity import HEADCOUNT_CONFIRM, large_headcount

    if not large_headcount(count) or yes:
        return
    if not ask:
        raise UserError(f"只记人数的群众有 {count} 人，超过 {HEADCOUNT_CONFIRM} 人，未记录",
                        ["人数无误请加 --yes 确认；如写错请更正 --headcount"])
    if not typer.confirm(f"只记人数的群众有 {count} 人（超过 {HEADCOUNT_CONFIRM} 人），确定无误吗？", default=False):
        raise UserError("已取消，未记录任何内容")


def _show_plan(plan) -> None:
    render_record([
        ("日期", plan.date.isoformat()), ("类型", plan.kind), ("县区", plan.county["name"]),
        ("站点", plan.station["name"] if plan.station else ""), ("议题", plan.topic),
        ("代表", "、".join(d["name"] for d in plan.deputies)),
        ("组成人员", "、".join(m["name"] for m in plan.members)),
        ("群众", "、".join([c["name"] for c in plan.constituents] + [n[0] + "（新）" for n in plan.new_constituents])),
        ("只记人数", plan.headcount),
        *[(f"意见建议 {i}", f"{o.content}（{o.handling.describe()}）") for i, o in enumerate(plan.opinions, 1)],
    ], title="将要记录的联系活动")


def _report(plan, result: dict) -> None:
    place = plan.station["name"] if plan.station else plan.county["name"]
    ok(f"已记录联系活动 #{result['activity_id']}：{plan.date.isoformat()} {plan.kind} · {place}")
    console = stdout_console()
    people = (f"  代表 {len(plan.deputies)} 人，组成人员 {len(plan.members)} 人，"
              f"群众 {result['constituents'] + plan.headcount} 人次")
    if plan.new_constituents or plan.headcount:
        people += f"（其中新登记 {len(plan.new_constituents)} 人，只记人数 {plan.headcount} 人）"
    console.print(people)
    if result["suggestions"]:
        parts = []
        for s in result["suggestions"]:
            text = f"#{s['id']}（{s['handling']}"
            if s["due_on"]:
                text += f"，{s['due_on']} 前答复"
            parts.append(text + "）")
        console.print(f"  意见建议 {len(parts)} 条：" + "、".join(parts))
    else:
        console.print("  本次未登记意见建议")


# -- list / show ----------------------------------------------------------------------------

LIST_COLUMNS = [("id", "编号"), ("date", "日期"), ("kind", "类型"), ("county", "县区"), ("station", "站点"),
                ("topic", "议题"), ("deputies", "代表"), ("members", "组成人员"), ("constituents", "群众人次"),
                ("suggestions", "意见建议")]


@app.command("list")
def list_(
    ctx: typer.Context,
    county: CountyOpt = None,
    station: StationOpt = None,
    kind: str = typer.Option(None, "--kind", "-k", help="活动类型"),
    deputy: DeputyOpt = None,
    member: str = typer.Option(None, "--member", help="某位常委会组成人员参加的活动"),
    since: str = typer.Option(None, "--since", help="起始日期（含）"),
    until: str = typer.Option(None, "--until", help="截止日期（含）"),
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3"),
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="最多显示多少条（0 为全部）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """列出联系活动（最近的在前）。"""
    from shuanglian_cli.cli.roster_common import id_of
    from shuanglian_cli.domain.activity import parse_kind
    from shuanglian_cli.domain.dates import parse_date_option, parse_quarter, quarter_range
    from shuanglian_cli.store.activities import list_activities
    from shuanglian_cli.store.rosters import county_id_of

    db = state(ctx).db()
    county_id = county_id_of(db, county)
    start, end = parse_date_option(since, "--since 日期"), parse_date_option(until, "--until 日期")
    if quarter:
        start, end = quarter_range(*parse_quarter(quarter))
    rows = list_activities(
        db, county_id=county_id,
        station_id=id_of(db, "stations", station, county_id),
        kind=parse_kind(kind) if kind else None,
        deputy_id=id_of(db, "deputies", deputy, county_id),
        member_id=id_of(db, "members", member, county_id),
        since=start, until=end, limit=limit or None,
    )
    footer = [f"[dim]只显示最近 {limit} 条，用 --limit 0 显示全部[/dim]"] if limit and len(rows) == limit else []
    from shuanglian_cli.cli.references import ref_columns, refs_of, with_ref

    refs = refs_of(db, "activities")
    render([with_ref(r, refs) for r in rows], ref_columns(LIST_COLUMNS, refs), fmt, title="联系活动",
           footer=footer if fmt is OutputFormat.table else [])


@app.command("show")
def show(
    ctx: typer.Context,
    activity: str = typer.Argument(..., help="活动编号"),
    reveal: bool = typer.Option(False, "--reveal", help="显示群众电话、住址明文（记入审计）"),
    fmt: OutputFormat = format_option(),
) -> None:
    """显示一次联系活动：参加的代表、组成人员、接待的群众和收集的意见建议。"""
    from shuanglian_cli.services.privacy import protect
    from shuanglian_cli.store.activities import activity_detail

    st = state(ctx)
    db = st.db()
    row = activity_detail(db, activity)
    shown = protect(db, row["constituent_list"], reveal, f"联系活动 #{row['id']} 的群众", command="record show",
                    table="activities", record_id=row["id"])
    if shown.unmasked:
        warn("接待的群众电话、住址未脱敏（--reveal），属于个人信息，已记入审计，请妥善保管")
    row["constituent_list"] = shown.rows
    from shuanglian_cli.cli.references import refs_of, with_ref

    refs = refs_of(db, "activities", row["id"])
    row = with_ref(row, refs)
    if fmt is not OutputFormat.table:
        echo_json(row)
        return
    rating = ""
    if row["rating_total"]:
        rating = f"{row['rating_satisfied']}/{row['rating_total']}（满意 {row['rating_satisfied'] / row['rating_total']:.1%}）"
    render_record([
        ("编号", row["id"]), *([("参考编号", row["ref"] or "")] if refs is not None else []), ("日期", row["date"]), ("类型", row["kind"]), ("县区", row["county"]),
        ("站点", row["station"]), ("议题", row["topic"]), ("活动小组", row["group_name"]),
        ("情况摘要", row["summary"]), ("代表", "、".join(d["name"] for d in row["deputy_list"])),
        ("组成人员", "、".join(m["name"] for m in row["member_list"])),
        ("群众（名册）", len(row["constituent_list"])), ("群众（只记人数）", row["extra_constituents"]),
        ("述职评议", rating), ("录入时间", row["created_at"]),
    ], title=f"联系活动 #{row['id']}")
    if row["constituent_list"]:
        render(row["constituent_list"], [("id", "编号"), ("name", "姓名"), ("phone", "电话"), ("address", "住址")],
               title="接待的群众")
    from shuanglian_cli.domain.vocabulary import STATE_ACTIVITY_PAGE as states

    render([{**s, "state": states.get(s["state"], s["state"])} for s in row["suggestion_list"]],
           [("id", "编号"), ("content", "内容"), ("state", "状态"), ("department", "承办单位"),
            ("due_on", "到期日"), ("replied_on", "答复日"), ("satisfaction", "满意度")],
           title="意见建议", empty="本次活动未登记意见建议", whole=True)


# -- edit / remove --------------------------------------------------------------------------

@app.command("edit")
def edit(
    ctx: typer.Context,
    activity: str = typer.Argument(..., help="活动编号"),
    date: str = typer.Option(None, "--date", "-d", help="改日期（已有意见建议时不可改）"),
    kind: str = typer.Option(None, "--kind", "-k", help="改类型"),
    station: StationOpt = None,
    topic: list[str] = typer.Option([], "--topic", help="改议题（可多次，替换原议题）"),
    summary: str = typer.Option(None, "--summary", help="改情况摘要"),
    group: str = typer.Option(None, "--group", help="改活动小组"),
    headcount: int = typer.Option(None, "--headcount", min=0, help="改只记人数的群众人数"),
    rating: str = typer.Option(None, "--rating", help="改述职评议结果：满意人数/参评人数"),
    add_deputy: list[str] = typer.Option([], "--add-deputy", help="增加参加的代表"),
    remove_deputy: list[str] = typer.Option([], "--remove-deputy", help="去掉误录的代表"),
    add_member: list[str] = typer.Option([], "--add-member", help="增加参加的组成人员"),
    remove_member: list[str] = typer.Option([], "--remove-member", help="去掉误录的组成人员"),
    add_constituent: list[str] = typer.Option([], "--add-constituent", help="增加接待的群众"),
    remove_constituent: list[str] = typer.Option([], "--remove-constituent", help="去掉误录的群众"),
    as_of: str = as_of_option(),
    yes: bool = typer.Option(False, "--yes", "-y", help="人数超过 500 人时不再询问，照常修改"),
) -> None:
    """更正一次联系活动的记录。"""
    from shuanglian_cli.domain.activity import parse_kind, parse_rating
    from shuanglian_cli.domain.activity_rules import check_activity_date, check_rating_kind
    from shuanglian_cli.domain.dates import parse_date
    from shuanglian_cli.store.activities import get_activity, update_activity
    from shuanglian_cli.store.db import transaction
    from shuanglian_cli.store.resolve import find

    db = state(ctx).db()
    _write_day(as_of)
    row = get_activity(db, activity)
    cid = row["county_id"]
    fields: dict = {}
    if date:
        day = parse_date(date, "--date 日期")
        check_activity_date(day, _write_day(as_of))
        fields["date"] = day.isoformat()
    new_kind = parse_kind(kind) if kind else row["kind"]
    if kind:
        fields["kind"] = new_kind
    if station:
        s = find(db, "stations", station)
        fields["station_id"] = s["id"]
        if s["county_id"] != cid:
            fields["county_id"] = s["county_id"]
            cid = s["county_id"]
    if topic:
        fields["topic"] = "；".join(t.strip() for t in topic if t.strip())
    for key, value in (("summary", summary), ("group_name", group)):
        if value is not None:
            fields[key] = value.strip()
    if headcount is not None:
        _confirm_headcount(headcount, yes, is_terminal())
        fields["extra_constituents"] = headcount
    if rating is not None:
        parsed = parse_rating(rating)
        check_rating_kind(parsed, new_kind, named=False)
        fields["rating_satisfied"], fields["rating_total"] = parsed or (None, None)

    def ids(table: str, names: list[str]) -> list[int]:
        return [find(db, table, n, county_id=cid)["id"] for n in names]

    add = {"activity_deputies": ids("deputies", add_deputy), "activity_members": ids("members", add_member),
           "activity_constituents": ids("constituents", add_constituent)}
    drop = {"activity_deputies": ids("deputies", remove_deputy), "activity_members": ids("members", remove_member),
            "activity_constituents": ids("constituents", remove_constituent)}
    if not fields and not any(add.values()) and not any(drop.values()):
        raise UserError("没有要修改的内容", ["可用 --date、--kind、--add-deputy 等选项，见 `sl record edit --help`"])
    with transaction(db):
        update_activity(db, row["id"], fields, add, drop)
    ok(f"已更正联系活动 #{row['id']}")
    if (date or kind) and new_kind == "接待日":
        _holiday_note(state(ctx).calendar, parse_date(fields.get("date") or row["date"], "日期"))


@app.command("remove")
def remove(
    ctx: typer.Context,
    activity: str = typer.Argument(..., help="活动编号"),
    yes: bool = typer.Option(False, "--yes", "-y", help="不再询问，直接删除"),
) -> None:
    """删除误录的联系活动及其意见建议（其中已有交办的不能删除）。"""
    from shuanglian_cli.store.activities import get_activity, referred_suggestions, remove_activity
    from shuanglian_cli.store.db import transaction

    db = state(ctx).db()
    row = get_activity(db, activity)
    if referred_suggestions(db, row["id"]):
        with transaction(db):
            remove_activity(db, row["id"])  # raises with the list of referred suggestions
    what = f"联系活动 #{row['id']}（{row['date']} {row['kind']} {row['station']}，意见建议 {row['suggestions']} 条）"
    if not yes:
        if not is_terminal():
            raise UserError(f"删除{what}须加 --yes 确认")
        if not typer.confirm(f"确定删除{what}？", default=False):
            raise UserError("已取消，未删除")
    with transaction(db):
        gone = remove_activity(db, row["id"])
    ok(f"已删除{what}" + (f"，连同其 {gone} 条意见建议" if gone else ""))
