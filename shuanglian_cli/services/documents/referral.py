"""交办单: one numbered slip per body for the suggestions referred to it; a co-handling body (协办) gets its
own slip, marked so. The number is allocated when a slip is first written and reused after (store/slips.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import Doc, DocKind

PENDING_NUMBER = "〔待编号〕"  # --dry-run: a preview, no number allocated
ROLE_LABELS = {"lead": "主办", "co": "协办"}

ITEM_FIELDS = {
    "id": "意见建议在本库中的编号",
    "ref": "意见建议编号（有站点代码时为流转编号，如 NANMA-0042）",
    "station": "收集的联络站（点）",
    "collected_on": "收集日期，如 2026年11月3日",
    "deputy": "收集意见的代表",
    "raiser": "反映人姓名",
    "phone": "反映人电话（默认脱敏，如 138****5678；--reveal 时为完整号码）",
    "address": "反映人住址（默认脱敏；--reveal 时为完整住址）",
    "category": "类别",
    "content": "意见建议内容（与登记的原文一致）",
    "referred_on": "交办日期",
    "limit_workdays": "办理期限（工作日数）",
    "due_on": "办理期限届满日期，如 2026年12月8日",
}


def template():
    from shuanglian_cli.io.documents.layout import OfficialDocument

    doc = OfficialDocument(KIND.title)
    doc.title("人大代表联系群众意见建议交办单")
    doc.number("{{ number }}")
    doc.blank()
    doc.addressee("{{ department }}：")
    doc.statement("{%p if co_handling %}")
    doc.body("现将人大代表联系群众时收集的以下{{ count }}件意见建议交你单位协办（主办单位：{{ lead_department }}）。"
             "请在办理期限内向主办单位提出会签意见，并抄送{{ reply_to }}。")
    doc.statement("{%p else %}")
    doc.body("现将人大代表联系群众时收集的以下{{ count }}件意见建议交你单位办理。请认真研究办理，"
             "在办理期限内书面答复{{ reply_to }}，并告知反映人。")
    doc.statement("{%p if co_departments %}")
    doc.body("协办单位：{{ co_departments }}。请主动会同协办单位办理。")
    doc.statement("{%p endif %}")
    doc.statement("{%p endif %}")
    doc.table([("编号", "{{ item.ref }}", 16),
               ("收集情况", "{{ item.station }}，{{ item.collected_on }}，反映人{{ item.raiser }} {{ item.phone }}", 44),
               ("意见建议内容", "{{ item.content }}", 62),
               ("办理期限", "{{ item.limit_workdays }}个工作日（{{ item.due_on }}前）", 34)], "item in items")
    doc.contact_and_signature()
    return doc


KIND = DocKind(
    name="referral",
    title="交办单",
    names={
        "number": "交办单编号，如 沂人联交〔2026〕12号（--dry-run 时为〔待编号〕）",
        "department": "承办单位（本单的收件单位）",
        "role": "主办 或 协办",
        "co_handling": "本单是否为协办单（true/false），可用于 {%p if co_handling %}",
        "lead_department": "协办单上的主办单位；主办单为空",
        "co_departments": "主办单上的协办单位，用顿号连接；没有时为空",
        "referred_on": "交办日期（本单各件中最早的），如 2026年11月20日",
        "count": "本单意见建议件数",
        "items": "本单的意见建议（列表，见下）",
        "reply_to": "答复对象：发文机关（配置 forms.unit）",
    },
    fields={"items": ITEM_FIELDS},
    build_template=template,
    build=lambda db, config, calendar, **options: [slip.doc for slip in slips(db, config, **options)],
)


@dataclass(frozen=True)
class Slip:
    doc: Doc
    number: str
    department: str
    role: str  # lead / co
    count: int
    new: bool  # numbered by this run (False: written before, its number reused; or a --dry-run preview)


def number_pattern(config, county: dict) -> str:
    per_county = config.get("documents", "referral_numbers") or {}
    for key in (county["county_short"], county["county"]):
        if key in per_county:
            return str(per_county[key])
    return str(config.get("documents", "referral_number") or "{county}人大交〔{year}〕{n}号")


def format_number(pattern: str, county_short: str, year: int, n: int) -> str:
    try:
        return pattern.format_map({"county": county_short, "year": year, "n": n})
    except (KeyError, ValueError, IndexError) as exc:
        raise UserError(f"交办单编号格式无法使用：{pattern}",
                        ["配置 documents.referral_number（或 documents.referral_numbers）只能用 {county}、{year}、{n}",
                         f"问题：{exc}"]) from None


def _select(db, ids: list[int] | None, on: dt.date | None, county_id) -> list[dict]:
    from shuanglian_cli.domain import lifecycle
    from shuanglian_cli.store.slips import REFERRED_STATES, referred_rows

    rows = referred_rows(db, ids=ids, on=on, county_id=county_id)
    if ids:
        found = {r["id"]: r for r in rows}
        missing = [i for i in ids if i not in found]
        if missing:
            raise UserError(f"第 {'、'.join(map(str, missing))} 条意见建议不存在或尚未交办", ["交办：sl suggestions refer ID --department 单位"])
        held = [r for r in rows if r["state"] not in REFERRED_STATES]
        if held:
            r = held[0]
            raise UserError(f"第 {r['id']} 条当前状态为“{lifecycle.STATE_LABELS.get(r['state'], r['state'])}”，不在承办单位手中，不能写交办单",
                            ["退办的意见建议改派后再写交办单：sl suggestions refer ID --department 新单位"])
    return [r for r in rows if r["state"] in REFERRED_STATES]


def slips(db, config, *, ids: list[int] | None, on: dt.date | None, department: str | None, county: str | None,
          dry_run: bool, reveal: bool, today: dt.date) -> list[Slip]:
    """The slips for the suggestions (given, or referred on `on`): per body, its lead slip and its co slips.
    Items already on a slip are written on that slip again, with its number; the rest get a new slip and,
    unless `dry_run`, a number (callers hold the write transaction)."""
    from shuanglian_cli.services.privacy import protect
    from shuanglian_cli.store import slips as store
    from shuanglian_cli.store.resolve import find, find_county

    county_id = find_county(db, county)["id"] if county else None
    department_id = find(db, "departments", department, county_id)["id"] if department else None
    rows = _select(db, ids, on, county_id)
    # the slip's addressee: the lead body, and each co-handling body on a slip of its own
    co = store.co_handlers(db, rows)
    wanted: dict[tuple[int, int, str], list[dict]] = {}
    for r in rows:
        for did, role in [(r["department_id"], "lead"), *((c["department_id"], "co") for c in co.get(r["id"], []))]:
            if department_id is None or did == department_id:
                wanted.setdefault((r["county_id"], did, role), []).append(r)
    if not wanted:
        when = f"{on.isoformat()} " if on else ""
        raise UserError(f"{when}没有交办{'给该单位' if department_id else ''}的意见建议，未写任何交办单",
                        ["指定意见建议：sl doc referral 编号…；或指定交办日期：--on 2026-11-20"])
    found = store.slips_of(db, [(r["id"], r["round"], did) for (_, did, _), group in wanted.items() for r in group])
    out: list[Slip] = []
    reprint: set[int] = set()
    for (cid, did, role), group in wanted.items():
        fresh = [r for r in group if (r["id"], r["round"], did) not in found]
        reprint |= {found[(r["id"], r["round"], did)] for r in group if (r["id"], r["round"], did) in found}
        if not fresh:
            continue
        if dry_run:
            number = PENDING_NUMBER
        else:
            seq = store.next_seq(db, cid, today.year)
            number = format_number(number_pattern(config, fresh[0]), fresh[0]["county_short"], today.year, seq)
            store.add_slip(db, county_id=cid, year=today.year, seq=seq, number=number, department_id=did, role=role,
                           written_on=today, items=[(r["id"], r["round"]) for r in fresh])
        out.append(_slip(db, config, number, did, role, fresh, co, today, new=not dry_run))
    for slip_id in sorted(reprint):
        stored = store.slip(db, slip_id)
        carried = dict(store.slip_items(db, slip_id))
        items = [r for r in store.referred_rows(db, ids=list(carried)) if r["round"] == carried[r["id"]]]
        co_of = store.co_handlers(db, items)
        # still with this body: one since returned and reassigned is on its new body's slip, not here
        did = stored["department_id"]
        items = [r for r in items if (r["department_id"] == did if stored["role"] == "lead"
                                      else any(c["department_id"] == did for c in co_of.get(r["id"], [])))]
        if items:
            out.append(_slip(db, config, stored["number"], did, stored["role"], items, co_of, today, new=False))
    from shuanglian_cli.store.sites import references

    items = [item for s in out for item in s.doc.context["items"]]
    refs = references(db, "suggestions") or {}  # the reference that travels, where the file has a site
    for item in items:
        item["ref"] = refs.get(item["id"]) or str(item["id"])
    # masked in place (the slips hold these very dicts), or shown as stored and the reveal logged
    protect(db, items, reveal, f"交办单 {len(out)} 份（未脱敏）", command="doc referral")
    return out


def write(db, config, template, out: str | None, pdf: bool, **options):
    """Number (unless --dry-run) and write the slips in one transaction: a slip that cannot be written
    leaves no number allocated. Returns (slips, Written)."""
    from shuanglian_cli.services.documents.output import add_pdfs, write_batch
    from shuanglian_cli.store.db import transaction

    if options.get("dry_run"):
        result = slips(db, config, **options)
        written = write_batch(template, [s.doc for s in result], out)
    else:
        with transaction(db):
            result = slips(db, config, **options)
            written = write_batch(template, [s.doc for s in result], out)
    return result, (add_pdfs(written) if pdf else written)


def _slip(db, config, number: str, department_id: int, role: str, rows: list[dict], co: dict, today: dt.date,
          new: bool) -> Slip:
    from shuanglian_cli.services.documents.output import chinese_date, common_context

    department = db["departments"].get(department_id)["name"]
    first = rows[0]
    context = common_context(config, title=KIND.title, county_name=first["county"], day=today)
    lead = sorted({r["department"] for r in rows}) if role == "co" else []
    co_names = sorted({c["department"] for r in rows for c in co.get(r["id"], [])}) if role == "lead" else []
    context.update({
        "number": number,
        "department": department,
        "role": ROLE_LABELS[role],
        "co_handling": role == "co",
        "lead_department": "、".join(lead),
        "co_departments": "、".join(co_names),
        "referred_on": chinese_date(min(r["referred_on"] for r in rows)),
        "count": len(rows),
        "items": [_item(r) for r in rows],
        "reply_to": context["office"],
    })
    suffix = "_协办" if role == "co" else ""
    name = f"交办单_{'预览' if number == PENDING_NUMBER else number}_{department}{suffix}"
    return Slip(Doc(name, context), number, department, role, len(rows), new)


def _item(r: dict) -> dict:
    from shuanglian_cli.services.documents.output import chinese_date

    return {
        "id": r["id"], "ref": str(r["id"]), "station": r["station"] or "", "collected_on": chinese_date(r["collected_on"]),
        "deputy": r["deputy"] or "", "raiser": r["raiser_name"] or "", "phone": r["phone"] or "",
        "address": r["address"] or "", "category": r["category"] or "", "content": r["content"],
        "referred_on": chinese_date(r["referred_on"]), "limit_workdays": r["limit_workdays"],
        "due_on": chinese_date(r["due_on"]),
    }
