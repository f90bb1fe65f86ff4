"""情况通报: the quarter's (or year's) 双联 work for the standing committee. Every number comes from the function
that prints it elsewhere, so the two cannot disagree: the figures from store/stats.period_stats (`sl stats
quarter|year`), the bodies from services/department_score.department_rows (`sl department report`), the
overdue from store/suggestions.open_referred (`sl suggestions overdue`), what people raised most from
matters() below, the one place the grouping of suggestions into matters is chosen.

All of it is as of one day, printed in the document: the period's last day for a period that has ended (so
the bulletin of 2026Q3 says the same whenever it is written again), today for one still running, or
--as-of."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc, DocKind
from shuanglian_cli.services.topics import period_of

CHINESE_QUARTERS = "一二三四"
MATTERS_SHOWN = 10
MATTER_STATIONS_SHOWN = 3
EXAMPLE_CHARS = 60
# how matters() groups, as the bulletin says it; changes with matters()
MATTERS_BASIS = "将内容相近的意见建议归为同一事项（与 sl topics 相同）"


def period_label(code: str) -> str:
    """2026Q3 -> 2026年第三季度; 2026 -> 2026年."""
    if "Q" in code:
        y, q = code.split("Q")
        return f"{y}年第{CHINESE_QUARTERS[int(q) - 1]}季度"
    return f"{code}年"


def bulletin_as_of(end: dt.date, today: dt.date, as_of: dt.date | None) -> tuple[dt.date, str]:
    """The day every number is cut at, and how the document says why that day."""
    if as_of is not None:
        return as_of, ""
    if end < today:
        return end, "（本期最后一天）"
    return today, "（本期尚未结束，截至成文之日）"


def percent(value) -> str:
    """A rate as the forms print it (97.7%); — without a denominator."""
    return "—" if value is None else f"{value * 100:.1f}%"


def matters(db, period: tuple[str, dt.date, dt.date], county_id: int | None, config=None,
            limit: int | None = None, as_of: dt.date | None = None) -> list[dict]:
    """What people raised most in the period, most first: the matters of `sl topics` (label, count,
    stations, towns, referred, departments, example, ids), the one place the bulletin's grouping is chosen."""
    from shuanglian_cli.services.topics import topics

    return topics(db, period, county_id, config, limit, as_of)


def _counted(names) -> list[tuple[str, int]]:
    from collections import Counter

    return Counter(n for n in names if n).most_common()


def _most_first(names) -> list[str]:
    return [n for n, _ in _counted(names)]


def _first_few(names: list[str], unit: str) -> str:
    shown = "、".join(names[:MATTER_STATIONS_SHOWN])
    return shown + (f"等{len(names)}个{unit}" if len(names) > MATTER_STATIONS_SHOWN else "")


def _matter_item(m: dict) -> dict:
    example = m["example"]
    if len(example) > EXAMPLE_CHARS:
        example = example[:EXAMPLE_CHARS] + "……"
    return {"label": m["label"], "count": m["count"], "stations": _first_few(m["stations"], "站点"),
            "towns": _first_few(m["towns"], "镇街"), "referred": m["referred"], "example": example}


def overdue_rows(db, calendar, day: dt.date, county_id: int | None) -> list[dict]:
    """`sl suggestions overdue --as-of day` (the chase notice's rows), worded for the bulletin."""
    from shuanglian_cli.services.documents.chase import overdue_rows as overdue
    from shuanglian_cli.store.sites import references

    refs = references(db, "suggestions") or {}
    return [{"id": r["id"], "ref": refs.get(r["id"]) or str(r["id"]), "department": r["department"] or "",
             "station": r["station"] or "", "content": r["content"], "due_on": _cn(r["due_on"]),
             "referred_on": _cn(r["referred_on"]), "overdue_workdays": r["overdue_workdays"]}
            for r in overdue(db, calendar, day=day, county_id=county_id)]


def _cn(day) -> str:
    from shuanglian_cli.services.documents.output import chinese_date

    return chinese_date(day)


def _body_item(r: dict) -> dict:
    return {**r, "on_time_rate": percent(r["on_time_rate"]), "satisfaction_rate": percent(r["satisfaction_rate"])}


def build(db, config, calendar, *, quarter: str | None = None, year: int | None = None, county_id: int | None = None,
          as_of: dt.date | None = None, today: dt.date) -> list[Doc]:
    from shuanglian_cli.services.department_score import department_rows
    from shuanglian_cli.services.documents.output import chinese_date, common_context
    from shuanglian_cli.store.stats import period_stats

    code, start, end = period_of(quarter, year)
    day, reason = bulletin_as_of(end, today, as_of)
    if day < start:
        raise UserError(f"截至日 {day.isoformat()} 在{period_label(code)}开始之前，无可通报的内容")
    county_name = db["counties"].get(county_id)["name"] if county_id is not None else None
    figures = period_stats(db, start, end, county_id, day)
    bodies, total = department_rows(db, config, calendar, year=start.year, county_id=county_id, day=day)
    overdue = overdue_rows(db, calendar, day, county_id)
    raised = matters(db, (code, start, end), county_id, config, MATTERS_SHOWN, as_of=day)  # as the figures stand
    context = common_context(config, title=KIND.title, county_name=county_name, day=today)
    context.update({
        "period": period_label(code),
        "period_code": code,
        "area": county_name or "各县区",
        "start": chinese_date(start),
        "end": chinese_date(end),
        "as_of": chinese_date(day),
        "as_of_reason": reason,
        "figures": figures,
        "percent": {k: percent(v) for k, v in figures.items() if k.endswith("_rate")},
        "kinds_text": "、".join(f"{kind}{n}次" for kind, n in figures["activities_by_kind"].items() if n),
        "bodies_from": chinese_date(dt.date(start.year, 1, 1)),
        "bodies": [_body_item(r) for r in bodies],
        "bodies_total": _body_item(total),
        "overdue": overdue,
        "overdue_count": len(overdue),
        "matters": [_matter_item(m) for m in raised],
        "matters_basis": MATTERS_BASIS,
    })
    name = f"情况通报_{county_name or '各县区'}_{code}"
    return [Doc(name, context)]


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("关于{{ period }}人大代表“双联”工作情况的通报")
    doc.addressee("常委会各位组成人员：")
    doc.body("现将{{ period }}（{{ start }}至{{ end }}）{{ area }}人大代表联系人民群众工作情况通报如下。"
             "本通报所列数字、承办单位办理情况和超期未答复的意见建议均截至{{ as_of }}{{ as_of_reason }}。")
    doc.heading("一、联系活动开展情况")
    doc.body("{{ period }}，{{ area }}民情联络站（点）共开展联系活动{{ figures.activities }}次"
             "{% if kinds_text %}（{{ kinds_text }}）{% endif %}，代表参加{{ figures.deputy_attendances }}人次，"
             "参加活动的代表{{ figures.deputies_involved }}人；常委会组成人员参加{{ figures.member_attendances }}人次；"
             "接待群众{{ figures.constituent_attendances }}人次，其中名册内群众{{ figures.constituents_from_roster }}人次。"
             "目前在册民情联络站{{ figures.stations }}个、联络点{{ figures.points }}个。")
    doc.statement("{%p if figures.report_backs %}")
    doc.body("组织代表向选民述职{{ figures.report_backs }}次，参评群众{{ figures.report_back_voters }}人，"
             "满意{{ figures.report_back_satisfied }}人，满意率{{ percent.report_back_rate }}。")
    doc.statement("{%p endif %}")
    doc.heading("二、意见建议收集和办理情况")
    doc.body("本期共收集群众意见建议{{ figures.suggestions }}条，其中现场解答{{ figures.on_spot }}条，"
             "交办承办单位{{ figures.referred }}条，转为闭会期间建议{{ figures.inter_session }}条，"
             "待处理{{ figures.pending }}条{% if figures.withdrawn %}，撤回{{ figures.withdrawn }}条{% endif %}。")
    doc.body("交办的意见建议中，承办单位已书面答复{{ figures.replied }}条，其中按期答复{{ figures.replied_on_time }}条，"
             "按期答复率{{ percent.on_time_rate }}；已办结{{ figures.closed }}条，其中按期办结{{ figures.closed_on_time }}条；"
             "尚未答复{{ figures.open_referred }}条，其中已超期{{ figures.overdue }}条。")
    doc.body("已向反映人反馈并评价{{ figures.satisfaction_rated }}条，其中满意{{ figures.satisfied }}条、"
             "基本满意{{ figures.basically_satisfied }}条、不满意{{ figures.dissatisfied }}条，"
             "满意率{{ percent.satisfaction_rate }}"
             "{% if figures.dissatisfied_pending %}；不满意尚待重新办理{{ figures.dissatisfied_pending }}条{% endif %}。")
    doc.heading("三、承办单位办理情况")
    doc.statement("{%p if bodies %}")
    doc.body("{{ bodies_from }}至{{ as_of }}交办各承办单位的意见建议办理情况如下（当前超期为截至{{ as_of }}"
             "仍超期未答复的，不论何时交办）：")
    doc.table([("承办单位", "{{ item.department }}", 50), ("交办", "{{ item.referred }}", 14),
               ("已答复", "{{ item.answered }}", 16), ("按期答复", "{{ item.answered_on_time }}", 16),
               ("按期答复率", "{{ item.on_time_rate }}", 22), ("当前超期", "{{ item.overdue_now }}", 16),
               ("满意率", "{{ item.satisfaction_rate }}", 22)], "item in bodies")
    doc.body("合计：交办{{ bodies_total.referred }}条，已答复{{ bodies_total.answered }}条，"
             "按期答复率{{ bodies_total.on_time_rate }}，当前超期{{ bodies_total.overdue_now }}条，"
             "满意率{{ bodies_total.satisfaction_rate }}。")
    doc.statement("{%p else %}")
    doc.body("{{ bodies_from }}至{{ as_of }}没有交办承办单位的意见建议。")
    doc.statement("{%p endif %}")
    doc.heading("四、超期未答复的意见建议")
    doc.statement("{%p if overdue %}")
    doc.body("截至{{ as_of }}，交办后超过办理期限仍未书面答复的意见建议共{{ overdue_count }}条（不论何时收集），"
             "超期最久的在前，请有关承办单位抓紧办理：")
    doc.table([("编号", "{{ item.ref }}", 16), ("承办单位", "{{ item.department }}", 30),
               ("意见建议内容", "{{ item.content }}", 52), ("到期日", "{{ item.due_on }}", 40),
               ("超期工作日", "{{ item.overdue_workdays }}", 18)], "item in overdue")
    doc.statement("{%p else %}")
    doc.body("截至{{ as_of }}，没有超期未答复的意见建议。")
    doc.statement("{%p endif %}")
    doc.heading("五、群众反映较多的问题")
    doc.statement("{%p if matters %}")
    doc.body("本期收集的意见建议，{{ matters_basis }}，群众反映较多的问题如下：")
    doc.table([("问题", "{{ item.label }}", 24), ("件数", "{{ item.count }}", 15), ("交办", "{{ item.referred }}", 15),
               ("主要涉及镇街", "{{ item.towns }}", 44), ("举例", "{{ item.example }}", 58)], "item in matters")
    doc.statement("{%p else %}")
    doc.body("本期没有收集到意见建议。")
    doc.statement("{%p endif %}")
    doc.blank()
    doc.signature("{{ office }}", "{{ date }}")
    return doc


KIND = DocKind(
    name="bulletin",
    title="情况通报",
    names={
        "period": "通报期间，如 2026年第三季度、2026年",
        "period_code": "通报期间的代码，如 2026Q3、2026",
        "area": "县区名称；未指定县区时为“各县区”",
        "start": "期间第一天，如 2026年7月1日",
        "end": "期间最后一天，如 2026年9月30日",
        "as_of": "各项数字的截至日：期间已结束时为期间最后一天，未结束时为成文之日（--as-of 可指定）",
        "as_of_reason": "截至日的说明，如（本期最后一天）；指定 --as-of 时为空",
        "figures": "本期各项数字，与 sl stats quarter（或 year）--format json 的键相同，如 {{ figures.activities }}"
                   "（各项口径见 docs/figures.md）",
        "percent": "figures 中各比例的百分数写法，如 {{ percent.satisfaction_rate }} 为 97.7%，无分母时为 —",
        "kinds_text": "各类活动次数，如 接待日61次、走访15次（为 0 的不列）",
        "bodies_from": "承办单位表的起始日：期间所在年的1月1日",
        "bodies": "承办单位办理情况（列表，见下），与 sl department report 相同（该年交办，截至 as_of）",
        "bodies_total": "承办单位合计（键同 bodies 的每一项）",
        "overdue": "截至 as_of 超期未答复的意见建议（列表，见下），与 sl suggestions overdue 相同",
        "overdue_count": "超期未答复的件数",
        "matters": "群众反映较多的问题（列表，见下），最多的在前，至多 10 项",
        "matters_basis": "问题的归类方式：将内容相近的意见建议归为同一事项（同 sl topics）",
    },
    fields={
        "bodies": {
            "department": "承办单位", "county": "县区", "referred": "交办（条）", "answered": "已答复（条）",
            "answered_on_time": "按期答复（条）", "on_time_rate": "按期答复率，如 93.3%",
            "median_workdays_to_reply": "答复用时中位数（工作日）", "overdue_now": "当前超期（条）",
            "fed_back": "已反馈（条）", "satisfied": "满意（含基本满意，条）", "satisfaction_rate": "满意率，如 96.9%",
        },
        "overdue": {
            "ref": "意见建议编号（有站点代码时为流转编号）", "department": "承办单位", "station": "收集的联络站（点）",
            "content": "意见建议内容", "referred_on": "交办日期", "due_on": "办理期限届满日期",
            "overdue_workdays": "已超期的工作日数",
        },
        "matters": {
            "label": "事项（取自其意见建议的内容，同 sl topics）", "count": "件数", "referred": "其中交办的件数",
            "stations": "主要涉及的站点（最多的 3 个，多于 3 个时注明共几个）",
            "towns": "主要涉及的镇街（最多的 3 个，多于 3 个时注明共几个）", "example": "一条原文举例（过长时截断）",
        },
    },
    build_template=template,
    build=build,
)
