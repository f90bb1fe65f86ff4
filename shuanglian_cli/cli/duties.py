"""sl deputy duties --year: each deputy's yearly duties (履职要求, config `duties`), met or not, with the
evidence, and who met all of them."""


import typer

from shuanglian_cli.cli.options import CountyOpt, OutputFormat, as_of_option, format_option
from shuanglian_cli.cli.render import echo_json, render
from shuanglian_cli.cli.state import state

HEAD = [("deputy", "代表"), ("county", "县区")]


def duties(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="年度（默认今年）"),
    county: CountyOpt = None,
    term: str = typer.Option(None, "--term", help="只看在这一届任职的代表（届次编号或名称）；述职按该届起算"),
    unmet: bool = typer.Option(False, "--unmet", help="只列未全部完成的代表"),
    as_of: str = as_of_option(),
    fmt: OutputFormat = format_option(),
) -> None:
    """代表年度履职要求完成情况：每名代表每项要求是否完成及依据（日期、次数），以及全部完成的代表。

    要求在配置 duties 中设定（默认：参加接待日、每季度联系群众、提出意见建议、本届向选民述职，各至少 1 次）。"""
    from shuanglian_cli.cli.deputy_archive import _term, _year
    from shuanglian_cli.cli.today import today_or
    from shuanglian_cli.domain.duties import parse_duties
    from shuanglian_cli.store.duties import duty_table
    from shuanglian_cli.store.rosters import county_id_of

    st = state(ctx)
    db = st.db()
    county_id = county_id_of(db, county)
    found = _term(db, term, county_id)
    y = _year(year)
    specs = parse_duties(st.config.get("duties"))
    data = duty_table(db, specs, y, today_or(as_of), county_id, found["id"] if found else None)
    data["term"] = found["name"] if found else None
    rows = [r for r in data["deputies"] if not (unmet and r["met_all"])]
    if fmt is OutputFormat.json:
        echo_json({**data, "deputies": rows})
        return
    flat = [flat_row(r, specs, fmt is OutputFormat.table) for r in rows]
    columns = [*HEAD, *duty_columns(specs, fmt is OutputFormat.table), ("met_all", "全部完成")]
    s = data["summary"]
    footer = [f"共 {s['deputies']} 名代表，全部完成 {s['deputies_met_all']} 名（数据截至 {data['as_of']}）"]
    for spec in specs:
        short = sum(1 for r in data["deputies"] if r[spec.kind]["met"] is False)
        footer.append(f"  {spec.label}（至少 {spec.at_least}）：未完成 {short} 名")
    render(flat, columns, fmt, title=f"{y} 年代表履职要求完成情况" + (f"（{found['name']}）" if found else ""),
           footer=footer if fmt is OutputFormat.table else [], empty="没有代表")


def duty_columns(specs, table: bool) -> list[tuple[str, str]]:
    """One column per duty in a table (是/否 and the count); met, count and evidence (dates) in csv."""
    if table:
        return [(s.kind, s.short) for s in specs]
    return [c for s in specs for c in ((f"{s.kind}_met", f"{s.label}：完成"), (f"{s.kind}_count", f"{s.label}：次数"),
                                       (f"{s.kind}_evidence", f"{s.label}：依据"))]


def flat_row(row: dict, specs, table: bool) -> dict:
    from shuanglian_cli.domain.duties import cell

    out = {k: row[k] for k in ("deputy_id", "deputy", "county", "levels", "station", "met_all")}
    for s in specs:
        r = row[s.kind]
        if table:
            out[s.kind] = cell(s.kind, r)
        else:
            out.update({f"{s.kind}_met": r["met"], f"{s.kind}_count": r["count"], f"{s.kind}_evidence": r["evidence"]})
    if table:
        out["met_all"] = "是" if row["met_all"] else "否"
    return out
