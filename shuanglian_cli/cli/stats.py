"""sl stats quarter|year, and the top-level sl coverage."""


import datetime as dt
import json

import typer

from shuanglian_cli.cli.common import (
    OutputFormat,
    as_of_option,
    county_option,
    echo_json,
    format_option,
    render,
    state,
    stdout_console,
    today_or,
)

app = typer.Typer(no_args_is_help=True, help="统计：季度、年度的联系活动与意见建议办理数字")


def _county_id(db, county: str | None) -> tuple[int | None, str]:
    if not county:
        return None, "全部县区"
    from shuanglian_cli.store.resolve import find_county

    row = find_county(db, county)
    return row["id"], row["name"]


def _fmt_value(key: str, value) -> str:
    if value is None:
        return "—"
    if key.endswith("_rate"):
        return f"{value * 100:.1f}%"
    return str(value)


def _show(ctx: typer.Context, start: dt.date, end: dt.date, label: str, county: str | None,
          as_of: str | None, by_county: bool, fmt: OutputFormat) -> None:
    from shuanglian_cli.store.referrals import DESK_LABELS, desk_period_counts
    from shuanglian_cli.store.stats import LABELS, period_stats, stats_by_county

    db = state(ctx).db()
    county_id, county_name = _county_id(db, county)
    day = today_or(as_of)
    if by_county:
        rows = stats_by_county(db, start, end, day)
        if county_id is not None:
            rows = [r for r in rows if r["county_id"] == county_id]
        if fmt is OutputFormat.json:
            echo_json({"period": label, "counties": rows})
            return
        flat = [{k: v for k, v in r.items() if k != "activities_by_kind"} for r in rows]
        cols = [("county", "县区")] + [(k, LABELS[k]) for k in (
            "activities", "deputy_attendances", "constituent_attendances", "suggestions", "on_spot",
            "referred", "inter_session", "closed", "closed_on_time", "satisfaction_rate")]
        if fmt is OutputFormat.table:
            flat = [{k: (_fmt_value(k, v) if k.endswith("_rate") else v) for k, v in r.items()} for r in flat]
        render(flat, cols, fmt, title=f"{label} 各县区统计（截至 {day.isoformat()}）")
        return
    figures = period_stats(db, start, end, county_id, day)
    figures.update(desk_period_counts(db, start, end, county_id, day))  # the referral desk (issue 14)
    figures["period"] = label
    figures["county"] = county_name
    if fmt is OutputFormat.json:
        echo_json(figures)
        return
    rows = [{"key": k, "label": lab, "value": figures[k]} for k, lab in {**LABELS, **DESK_LABELS}.items()]
    rows[3:3] = [{"key": f"activities_by_kind.{kind}", "label": f"  其中{kind}（次）", "value": n}
                 for kind, n in figures["activities_by_kind"].items()]
    if fmt is OutputFormat.csv:
        render(rows, [("key", "key"), ("label", "label"), ("value", "value")], fmt)
        return
    table_rows = [{"label": r["label"], "value": _fmt_value(r["key"], r["value"])} for r in rows]
    render(table_rows, [("label", "项目"), ("value", "数值")],
           title=f"{county_name} {label} 双联工作统计（{start.isoformat()} 至 {end.isoformat()}，截至 {day.isoformat()}）")
    stdout_console().print(
        "[dim]说明：人次按每次活动的参加人数累计；办结、按期（答复日不晚于到期日）和满意率按截至日统计。[/dim]"
    )


@app.command("quarter")
def quarter(
    ctx: typer.Context,
    which: str = typer.Argument(..., help="季度，例如 2026Q3 或 2026年第三季度"),
    county: str = county_option(),
    as_of: str = as_of_option(),
    by_county: bool = typer.Option(False, "--by-county", help="按县区分列"),
    fmt: OutputFormat = format_option(),
) -> None:
    """一个季度的统计：站点数、各类活动次数、代表和群众人次、意见建议收集与办理情况、满意率。"""
    from shuanglian_cli.domain.dates import format_quarter, parse_quarter, quarter_range

    year, q = parse_quarter(which)
    start, end = quarter_range(year, q)
    _show(ctx, start, end, format_quarter(year, q), county, as_of, by_county, fmt)


@app.command("year")
def year(
    ctx: typer.Context,
    which: str = typer.Argument(..., help="年份，例如 2025"),
    county: str = county_option(),
    as_of: str = as_of_option(),
    by_county: bool = typer.Option(False, "--by-county", help="按县区分列"),
    fmt: OutputFormat = format_option(),
) -> None:
    """一年的统计：站点数、各类活动次数、代表和群众人次、意见建议收集与办理情况、满意率。"""
    from shuanglian_cli.domain.dates import parse_year

    y = parse_year(which)
    _show(ctx, dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}年", county, as_of, by_county, fmt)


SUMMARY_ROWS = 40
COVERAGE_VIEWS = ("summary", "members", "deputies", "unreached", "groups")
SUMMARY_LABELS = {
    "members": "常委会组成人员（名）",
    "members_without_activity": "本季度未参加活动的组成人员（名）",
    "linked_deputies": "有联系人的代表（名）",
    "deputies_reached_by_members": "被联系人联系到的代表（名）",
    "deputies_with_constituents": "有联系群众的代表（名）",
    "deputies_below_quota": "联系群众次数不足定额的代表（名）",
    "linked_constituents": "固定联系群众（名）",
    "constituents_unreached": "本季度无人联系的群众（名）",
    "group_activities": "季度双联活动（次）",
    "group_activities_short": "其中未达定额（次）",
    "groups_without_activity": "本季度未开展季度双联的小组（个）",
}


def coverage(
    ctx: typer.Context,
    quarter: str = typer.Option(None, "--quarter", "-q", help="季度，例如 2026Q3；默认为截至日所在季度"),
    county: str = county_option(),
    view: str = typer.Option(
        "summary", "--view",
        help="表格/CSV 显示哪一部分：summary（概况）、members（组成人员联系代表）、deputies（代表联系群众）、"
             "unreached（无人联系的代表和群众）、groups（季度双联定额）；json 默认输出全部",
    ),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """季度联系覆盖情况：组成人员联系了哪些代表、代表联系了多少群众、无人联系的人、季度双联定额是否达到。"""
    from shuanglian_cli.domain.dates import parse_quarter, quarter_of
    from shuanglian_cli.errors import UserError
    from shuanglian_cli.store.coverage import quarter_coverage

    if view not in COVERAGE_VIEWS:
        raise UserError(f"--view 只能是 {'、'.join(COVERAGE_VIEWS)}，收到“{view}”")
    st = state(ctx)
    db = st.db()
    county_id, county_name = _county_id(db, county)
    day = today_or(as_of)
    year, q = parse_quarter(quarter) if quarter else quarter_of(day)
    data = quarter_coverage(db, year, q, county_id, st.config.get("quotas") or {}, as_of=day)
    data["county"] = county_name
    title = f"{county_name} {data['quarter']} 联系覆盖情况"
    if fmt is OutputFormat.json:
        if view == "unreached":
            data = {"deputies": data["unreached_deputies"], "constituents": data["unreached_constituents"]}
        elif view != "summary":
            data = data["group_activities"] if view == "groups" else data[view]
        # compact: a city's quarter lists tens of thousands of people, and json's C encoder only
        # runs without indent
        typer.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        return
    _coverage_view(data, view, fmt, title)


def _join(names: list[str], limit: int = 8) -> str:
    return "、".join(names[:limit]) + (f"等 {len(names)} 名" if len(names) > limit else "")


def _coverage_view(data: dict, view: str, fmt: OutputFormat, title: str) -> None:
    table = fmt is OutputFormat.table
    member_cols = [("member", "组成人员"), ("county", "县区"), ("group", "小组"), ("activities", "参加活动"),
                   ("linked_deputies", "联系代表"), ("contacted_deputies", "已联系"), ("not_contacted", "未联系的代表")]
    group_cols = [("date", "日期"), ("activity_id", "活动编号"), ("county", "县区"), ("group", "小组"),
                  ("people", "联系群众"), ("suggestions", "意见建议"), ("problems", "未达定额")]
    if view == "summary":
        rows = [{"key": k, "label": lab, "value": data["summary"][k]} for k, lab in SUMMARY_LABELS.items()]
        if not table:
            render(rows, [("key", "key"), ("label", "label"), ("value", "value")], fmt)
            return
        q = data["quotas"]
        render(rows, [("label", "项目"), ("value", "数值")], title=title, footer=[
            f"[dim]定额：季度双联每次约 {q['group_people']} 人、至少 {q['group_suggestions']} 条意见建议；"
            f"代表每季度至少联系群众 {q['constituents_per_quarter']} 次（配置 quotas）[/dim]"])
        console = stdout_console()
        short = [m for m in data["members"] if m["not_contacted"]]
        if len(short) > SUMMARY_ROWS:  # a city's list belongs in --view members, not in the overview
            console.print(f"尚未联系全部代表的组成人员 {len(short)} 名：用 --view members 查看")
        else:
            render([{**m, "not_contacted": _join(m["not_contacted"])} for m in short], member_cols,
                   title="尚未联系全部代表的组成人员", empty="每名组成人员都联系了其全部联系代表")
        bad = [g for g in data["group_activities"] if not g["ok"]]
        if len(bad) > SUMMARY_ROWS:
            console.print(f"未达定额的季度双联活动 {len(bad)} 次：用 --view groups 查看")
        else:
            render(bad, group_cols, title="未达定额的季度双联活动", empty="季度双联活动均达到定额")
        missing = [g for g in data["groups"] if not g["group_activities"]]
        if missing:
            stdout_console().print("本季度未开展季度双联的小组：" + "、".join(f"{g['county']}{g['group']}" for g in missing))
        if data["unreached_deputies"]:
            stdout_console().print("无人联系的代表：" + _join([d["deputy"] for d in data["unreached_deputies"]], 20))
        stdout_console().print(
            f"[dim]无人联系的群众 {len(data['unreached_constituents'])} 名：用 --view unreached 查看；"
            "--view members / deputies / groups 查看明细[/dim]")
        return
    if view == "members":
        rows = [{**m, "contacted": "、".join(m["contacted"]), "not_contacted": "、".join(m["not_contacted"])}
                for m in data["members"]]
        render(rows, member_cols, fmt, title=title + "：组成人员联系代表")
    elif view == "deputies":
        rows = data["deputies"]
        if table:
            rows = [{**d, "below_quota": "未达定额" if d["below_quota"] else ""} for d in rows]
        render(rows, [("deputy", "代表"), ("county", "县区"), ("station", "联络站"), ("activities", "参加活动"),
                      ("linked_constituents", "联系群众"), ("met_constituents", "已联系群众"),
                      ("contact_activities", "联系次数"), ("below_quota", "定额")], fmt,
               title=title + "：代表联系群众")
    elif view == "groups":
        render(data["group_activities"], group_cols, fmt, title=title + "：季度双联定额",
               footer=["本季度未开展季度双联的小组：" + "、".join(g["group"] for g in data["groups"] if not g["group_activities"])]
               if table and any(not g["group_activities"] for g in data["groups"]) else [])
    else:
        rows = [{"kind": "代表", "id": d["deputy_id"], "name": d["deputy"], "linked_to": ""}
                for d in data["unreached_deputies"]]
        rows += [{"kind": "群众", "id": c["constituent_id"], "name": c["constituent"], "linked_to": c["deputy"]}
                 for c in data["unreached_constituents"]]
        render(rows, [("kind", "类别"), ("id", "编号"), ("name", "姓名"), ("linked_to", "联系代表")], fmt,
               title=title + "：本季度无人联系的人", empty="没有无人联系的人")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="stats", help="统计：季度、年度的联系活动与意见建议办理数字")
    root.command("coverage", help="季度联系覆盖情况：组成人员→代表、代表→群众、无人联系的人、季度双联定额")(coverage)
