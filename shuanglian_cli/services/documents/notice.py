"""接待公告: a station's notice of a reception day, posted before it: the date, the place, the deputies on
duty, the topic, how to reach the station."""

from __future__ import annotations

import datetime as dt

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc, DocKind

WEEKDAYS = "一二三四五六日"


def duty_deputies(db, station_id: int, day: dt.date, named: list[str]) -> list[dict]:
    """The deputies on duty at the station that day: those named with --deputy (a change made for the day),
    else the duty rota's (`sl schedule rota`, after swaps)."""
    from shuanglian_cli.store.resolve import find
    from shuanglian_cli.store.rota import on_duty

    if named:
        county_id = db["stations"].get(station_id)["county_id"]
        rows = [find(db, "deputies", name, county_id) for name in named]
    else:
        rows = [db["deputies"].get(r["id"]) for r in on_duty(db, station_id, day)]
    return [{"name": r["name"], "levels": "、".join(filter(None, r["levels"].split(","))), "work_unit": r["work_unit"]} for r in rows]


def reception_problem(station: dict, day: dt.date, calendar, shift: str) -> str | None:
    """Why `day` is not a reception day of the station, or None. A station whose schedule fixes no
    dates (至少每季度一次) receives on any working day."""
    from shuanglian_cli.domain.schedule import describe, occurrences, parse_rule

    rules = parse_rule(station["schedule"] or "")
    fixed = [r for r in rules if r.fixed]
    if fixed:
        if any(o.day == day for o in occurrences(fixed, day, day, calendar, shift)):
            return None
        return f"{day.isoformat()} 不是{station['name']}的接待日（接待安排：{describe(rules)}）"
    if not calendar.is_workday(day):
        return f"{day.isoformat()} 不是工作日"
    return None


def build(db, config, calendar, *, station: str, day: dt.date, deputies: list[str], topic: str, time: str,
          today: dt.date, force: bool) -> list[Doc]:
    from shuanglian_cli.services.documents.output import chinese_date, common_context
    from shuanglian_cli.store.resolve import find

    row = find(db, "stations", station)
    problem = reception_problem(row, day, calendar, config.get("schedule", "holiday_shift", default="next"))
    if problem and not force:
        raise UserError(problem, ["确需在这一天接待，加 --force"])
    county = db["counties"].get(row["county_id"])
    on_duty = duty_deputies(db, row["id"], day, deputies)
    context = common_context(config, title=KIND.title, county_name=county["name"], day=today)
    context.update({
        "station": row["name"],
        "address": row["address"] or "",
        "reception_date": chinese_date(day),
        "weekday": f"星期{WEEKDAYS[day.weekday()]}",
        "time": time or "",
        "topic": topic or "",
        "deputies": on_duty,
        "deputy_names": "、".join(d["name"] for d in on_duty),
        "phone": context["office_phone"],
    })
    return [Doc(f"接待公告_{row['name']}_{day.isoformat()}", context)]


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("{{ station }}接待公告")
    doc.body("为听取群众意见建议，{{ station }}定于{{ reception_date }}（{{ weekday }}）{{ time }}在{{ address }}"
             "开展人大代表接待群众活动，欢迎广大群众前来反映意见和建议。")
    doc.statement("{%p if topic %}")
    doc.body("本次接待的议题：{{ topic }}。")
    doc.statement("{%p endif %}")
    doc.heading("一、接待代表")
    doc.table([("姓名", "{{ item.name }}", 26), ("代表层级", "{{ item.levels }}", 46),
               ("工作单位", "{{ item.work_unit }}", 84)], "item in deputies")
    doc.heading("二、联系方式")
    doc.body("接待地点：{{ address }}")
    doc.statement("{%p if phone %}")
    doc.body("联系电话：{{ phone }}")
    doc.statement("{%p endif %}")
    doc.blank()
    doc.signature("{{ station }}", "{{ date }}")
    return doc


KIND = DocKind(
    name="notice",
    title="接待公告",
    names={
        "station": "联络站（点）名称",
        "address": "联络站（点）地址",
        "reception_date": "接待日期，如 2026年12月3日",
        "weekday": "接待日是星期几，如 星期四",
        "time": "接待时间（--time），如 上午9:00—11:30；未给出时为空",
        "topic": "接待议题（--topic）；未给出时为空",
        "deputies": "接待代表（列表，见下）",
        "deputy_names": "接待代表姓名，用顿号连接",
        "phone": "联系电话（配置 forms.phone）",
    },
    fields={"deputies": {"name": "代表姓名", "levels": "代表层级，如 县、镇", "work_unit": "工作单位"}},
    build_template=template,
    build=build,
)
