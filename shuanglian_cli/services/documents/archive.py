"""履职档案: a deputy's year for the evaluation, in Word, from store/archive.deputy_archive, the very data of
`sl deputy archive` (and of its xlsx), so the two cannot disagree. Keys the data gains later (duties,
issue 16) pass through to the template's context untouched. `--all` writes one file per deputy into a
folder with the template prepared once (io/documents/prepared.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc, DocKind

# keys of deputy_archive's data that the context gives in a form of its own (the rest pass through)
SHAPED = {"activities", "suggestions", "report_backs", "duties", "duty_specs"}


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _yes_no(value) -> str:
    return "" if value is None else ("是" if value else "否")


def context_of(data: dict, refs: dict[int, str], activity_refs: dict[int, str] | None = None) -> dict:
    """The template's names for one archive (`data`: deputy_archive's result); `refs`, `activity_refs`:
    the references that travel (NANMA-0042) of suggestions and activities, where the file has a site."""
    from shuanglian_cli.services.documents.output import chinese_date

    d, s = data["deputy"], data["summary"]
    levels = "、".join(filter(None, (d["levels"] or "").split(",")))
    members = "、".join(s["contact_members"])
    context = {k: v for k, v in data.items() if k not in SHAPED}  # deputy, year, summary, and what comes later
    context.update({
        "levels": levels,
        "contact_members": members,
        "kinds_text": "、".join(f"{k}{n}次" for k, n in s["activities_by_kind"].items() if n),
        "outcomes_text": "、".join(f"{k}{n}条" for k, n in s["suggestions_by_outcome"].items() if n),
        "report_back_rate": percent(s["report_back_rate"]),
        "profile": [
            {"label": "姓名", "value": d["name"]}, {"label": "代表层级", "value": levels},
            {"label": "所在县区", "value": d["county"]}, {"label": "工作单位", "value": d["work_unit"] or ""},
            {"label": "所在联络站", "value": d["station"] or ""},
            {"label": "联系本代表的常委会组成人员", "value": members or "无"},
        ],
        "activities": [{**a, "ref": (activity_refs or {}).get(a["id"]) or str(a["id"]), "date": chinese_date(a["date"]), "topic": a["topic"] or "", "station": a["station"] or ""}
                       for a in data["activities"]],
        "suggestions": [{**x, "ref": refs.get(x["id"]) or str(x["id"]), "collected_on": chinese_date(x["collected_on"]),
                         "due_on": chinese_date(x["due_on"]), "replied_on": chinese_date(x["replied_on"]),
                         "on_time": _yes_no(x["on_time"]), "category": x["category"] or "",
                         "satisfaction": x["satisfaction"] or ""} for x in data["suggestions"]],
        "report_backs": [{**r, "date": chinese_date(r["date"]), "rate": percent(r["rate"]),
                          "voters": r["voters"] or 0, "satisfied": r["satisfied"] or 0} for r in data["report_backs"]],
    })
    context.update(_duties(data))
    return context


def _duties(data: dict) -> dict:
    """The year's duties (config `duties:`, as `sl deputy duties` judges them): one row per duty."""
    judged = next((d for d in data.get("duties") or [] if d.get("year") == data.get("year")), None)
    if judged is None:
        return {"duties": [], "duties_met_all": ""}
    rows = [{"label": spec["label"], "at_least": spec["at_least"], "met": _yes_no(judged[spec["kind"]]["met"]),
             "evidence": judged[spec["kind"]]["evidence"]}
            for spec in data.get("duty_specs") or [] if judged.get(spec["kind"]) is not None]
    return {"duties": rows, "duties_met_all": _yes_no(judged.get("met_all"))}


def deputies_of(db, *, deputy: str | None, county_id: int | None, everyone: bool) -> list[dict]:
    """The deputy named, or with `everyone` every deputy in the roster (of the county), in id order."""
    from shuanglian_cli.store.resolve import find

    if everyone:
        if deputy:
            raise UserError("--all 与代表姓名只能给出其一")
        where, args = "active = 1", []
        if county_id is not None:
            where, args = "active = 1 AND county_id = ?", [county_id]
        rows = list(db.query(f"SELECT * FROM deputies WHERE {where} ORDER BY id", args))
        if not rows:
            raise UserError("没有在册的代表，未写任何履职档案")
        return rows
    if not deputy:
        raise UserError("请给出代表姓名，或用 --all 为每名在册代表各写一份")
    return [find(db, "deputies", deputy, county_id)]


def docs(db, config, deputies: list[dict], year: int, today: dt.date):
    """One Doc per deputy, built as it is asked for (a folder of 420 is written one by one)."""
    from shuanglian_cli.domain.duties import parse_duties
    from shuanglian_cli.services.documents.output import common_context
    from shuanglian_cli.store.archive import deputy_archive
    from shuanglian_cli.store.sites import references

    refs = references(db, "suggestions") or {}
    activity_refs = references(db, "activities") or {}
    duties = parse_duties(config.get("duties"))  # judged as `sl deputy archive` judges them, as of today
    names = Counter(d["name"] for d in deputies)
    counties: dict[int, str] = {}
    for d in deputies:
        data = deputy_archive(db, d, year, duties=duties, as_of=today)
        county = counties.setdefault(d["county_id"], data["deputy"]["county"])
        context = common_context(config, title=KIND.title, county_name=county, day=today)
        context.update(context_of(data, refs, activity_refs))
        twin = f"_{d['id']}" if names[d["name"]] > 1 else ""  # two deputies of one name: two files
        yield Doc(f"履职档案_{year}_{d['name']}{twin}", context)


def build(db, config, calendar, *, deputy: str | None = None, year: int, county_id: int | None = None,
          everyone: bool = False, today: dt.date) -> list[Doc]:
    return list(docs(db, config, deputies_of(db, deputy=deputy, county_id=county_id, everyone=everyone), year, today))


def write_all(db, config, template, out: str | None, pdf: bool, *, year: int, county_id: int | None,
              county_name: str | None, today: dt.date, progress: Callable):
    """Every deputy's archive into a folder (`out`, default 履职档案_县区_年 in the current folder), the
    template prepared once; PDFs with one LibreOffice call. Returns the Written (services/documents/output).
    progress(total, description) as in cli/progress.progress_bar (services/imports.py likewise)."""
    from shuanglian_cli.io.documents.prepared import PreparedTemplate
    from shuanglian_cli.services.documents.output import Written, add_pdfs, safe_name

    if out is not None and Path(out).suffix.lower() == ".docx":
        raise UserError(f"--all 为每名代表各写一份，--out 请给出文件夹而不是一个文件：{out}")
    people = deputies_of(db, deputy=None, county_id=county_id, everyone=True)
    folder = Path(out).expanduser() if out else Path.cwd() / safe_name(f"履职档案_{county_name or '各县区'}_{year}")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--out 应为文件夹：{folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from shuanglian_cli.errors import file_write_error

        raise file_write_error(exc, folder, "文件夹") from None
    prepared = PreparedTemplate(template)
    written = Written()
    with progress(len(people), "正在写履职档案") as bar:
        for doc in docs(db, config, people, year, today):
            path = folder / f"{safe_name(doc.file_name)}.docx"
            prepared.render_to(doc.context, path)
            written.paths.append(path)
            bar.advance(1)
    return add_pdfs(written) if pdf else written


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("人大代表履职档案")
    doc.number("（{{ year }}年度）")
    doc.blank()
    doc.heading("一、基本情况")
    doc.table([("项目", "{{ item.label }}", 50), ("内容", "{{ item.value }}", 106)], "item in profile")
    doc.heading("二、履职情况")
    doc.body("{{ year }}年，{{ deputy.name }}代表参加联系活动{{ summary.activities }}次"
             "{% if kinds_text %}（{{ kinds_text }}）{% endif %}，接待群众{{ summary.constituent_attendances }}人次，"
             "其中名册内不同群众{{ summary.constituents_met }}人；固定联系群众{{ summary.linked_constituents }}人，"
             "本年见面{{ summary.linked_constituents_met }}人。")
    doc.body("收集意见建议{{ summary.suggestions }}条{% if outcomes_text %}（{{ outcomes_text }}）{% endif %}，"
             "其中交办{{ summary.referred }}条，按期答复{{ summary.referred_on_time }}条。")
    doc.body("{% if summary.report_backs %}向选民述职{{ summary.report_backs }}次，参评{{ summary.report_back_voters }}人，"
             "满意{{ summary.report_back_satisfied }}人，满意率{{ report_back_rate }}。"
             "{% else %}本年未向选民述职。{% endif %}")
    doc.heading("三、参加的联系活动")
    doc.statement("{%p if activities %}")
    doc.table([("编号", "{{ item.ref }}", 16), ("日期", "{{ item.date }}", 40),
               ("类型（议题）", "{{ item.kind }}{% if item.topic %}：{{ item.topic }}{% endif %}", 34),
               ("站点", "{{ item.station }}", 26), ("接待群众人次", "{{ item.constituents }}", 20),
               ("收集意见建议", "{{ item.suggestions }}", 20)], "item in activities")
    doc.statement("{%p else %}")
    doc.body("本年未参加联系活动。")
    doc.statement("{%p endif %}")
    doc.heading("四、收集的意见建议")
    doc.statement("{%p if suggestions %}")
    doc.table([("编号", "{{ item.ref }}", 16), ("收集日期", "{{ item.collected_on }}", 40),
               ("内容", "{{ item.content }}", 52), ("办理结果", "{{ item.outcome }}", 24),
               ("承办单位", "{{ item.department }}", 24)], "item in suggestions")
    doc.statement("{%p else %}")
    doc.body("本年未收集意见建议。")
    doc.statement("{%p endif %}")
    doc.statement("{%p if duties %}")
    doc.heading("五、年度履职要求")
    doc.table([("要求", "{{ item.label }}（至少{{ item.at_least }}）", 64), ("完成", "{{ item.met }}", 14),
               ("情况", "{{ item.evidence }}", 78)], "item in duties")
    doc.body("各项要求{% if duties_met_all == '是' %}均已完成{% else %}尚未全部完成{% endif %}。")
    doc.statement("{%p endif %}")
    doc.statement("{%p if report_backs %}")
    doc.heading("{% if duties %}六{% else %}五{% endif %}、述职评议")
    doc.table([("日期", "{{ item.date }}", 40), ("站点", "{{ item.station }}", 56), ("参评人数", "{{ item.voters }}", 20),
               ("满意人数", "{{ item.satisfied }}", 20), ("满意率", "{{ item.rate }}", 20)], "item in report_backs")
    doc.statement("{%p endif %}")
    doc.blank()
    doc.signature("{{ office }}", "{{ date }}")
    return doc


KIND = DocKind(
    name="archive",
    title="履职档案",
    names={
        "deputy": "代表（键同 sl deputy archive --format json 的 deputy：name、county、levels、work_unit、station、id），"
                  "如 {{ deputy.name }}",
        "year": "年度，如 2026",
        "summary": "本年履职数字，键同 sl deputy archive --format json 的 summary，如 {{ summary.activities }}"
                   "（各项口径见 docs/figures.md）",
        "levels": "代表层级，如 全国、省、市、县",
        "contact_members": "联系本代表的常委会组成人员，用顿号连接",
        "kinds_text": "参加各类活动的次数，如 接待日5次、走访2次（为 0 的不列）",
        "outcomes_text": "收集的意见建议按办理结果分列，如 现场解答3条、已办结2条",
        "report_back_rate": "述职评议满意率，如 98.0%；未述职时为 —",
        "profile": "基本情况（列表，见下），用于基本情况表",
        "activities": "参加的联系活动（列表，见下），按日期",
        "suggestions": "收集的意见建议（列表，见下），按收集日期",
        "report_backs": "述职评议（列表，见下）；未述职时为空",
        "duties": "年度履职要求（列表，见下；同 sl deputy duties），配置 duties: 为空时为空",
        "duties_met_all": "各项要求是否均已完成：是、否",
    },
    fields={
        "profile": {"label": "项目，如 姓名、代表层级、工作单位", "value": "内容"},
        "activities": {"id": "活动在本库中的编号", "ref": "活动编号（有站点代码时为流转编号，如 NANMA-0042）", "date": "日期，如 2026年7月3日", "kind": "活动类型", "station": "站点",
                       "topic": "议题", "constituents": "接待群众（人次）", "suggestions": "本代表在该活动中收集的意见建议（条）"},
        "suggestions": {"id": "意见建议在本库中的编号", "ref": "意见建议编号（有站点代码时为流转编号）",
                        "collected_on": "收集日期", "content": "内容", "category": "类别", "outcome": "办理结果",
                        "department": "承办单位", "due_on": "到期日", "replied_on": "答复日", "on_time": "按期答复：是、否或空",
                        "satisfaction": "满意度"},
        "report_backs": {"date": "日期", "station": "站点", "voters": "参评人数", "satisfied": "满意人数",
                         "rate": "满意率，如 98.0%"},
        "duties": {"label": "要求，如 参加接待日", "at_least": "至少几次（季度联系为每季度几次）", "met": "是 或 否",
                   "evidence": "依据，如 3 次：04-08、06-04、11-19"},
    },
    build_template=template,
    build=build,
)
