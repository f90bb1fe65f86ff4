"""The columns each roster import accepts (with the spellings clerks use), and `sl template KIND`:
an xlsx with those headers and one example row, whose first cell reads 示例（导入时跳过）."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

COUNTY = ("县区", "县(区)", "区县", "县市区", "所属县区", "县区名称")
TOWN = ("镇街", "镇(街道)", "镇街道", "乡镇", "乡镇(街道)", "乡镇街道", "所在镇街", "所属镇街", "镇", "街道")
PHONE = ("联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "联系方式")
NAME = ("姓名", "名字")


@dataclass(frozen=True)
class Spec:
    name: str  # which parser reads it (RosterImport._parse_<name>)
    kind: str  # the `sl import KIND` / `sl template KIND` it belongs to
    label: str
    fields: dict[str, tuple[str, ...]]  # field -> accepted headers; the first is written in templates
    required: tuple[str, ...]
    key: tuple[str, ...]  # record keys that make a row unique within a file
    key_column: str
    duplicate: str
    example: dict[str, str] = field(default_factory=dict)
    sheet: str = ""
    needs_county: bool = True


SPECS: dict[str, Spec] = {
    "stations": Spec(
        "stations", "stations", "联络站(点)",
        {"name": ("名称", "站点名称", "联络站名称", "联络站(点)名称", "站名"), "kind": ("类型", "站点类型", "类别"),
         "parent": ("上级站", "上级联络站", "所属联络站"), "county": COUNTY, "town": TOWN,
         "address": ("地址", "站点地址", "详细地址"), "has_premises": ("有场所", "场所"),
         "has_equipment": ("有设施", "设施"), "has_rules": ("有制度", "制度"), "has_funds": ("有经费", "经费"),
         "schedule": ("接待日", "接待时间", "接待日安排")},
        ("name",), ("county_id", "name"), "name", "同一县区同名",
        {"name": "南麻街道城东社区民情联络点", "kind": "点", "parent": "南麻街道人大代表民情联络站", "county": "沂源县",
         "town": "南麻街道", "address": "沂源县南麻街道城东社区便民服务站", "has_premises": "是",
         "has_equipment": "是", "has_rules": "是", "has_funds": "否", "schedule": "每季度至少1次"},
        "联络站点",
    ),
    "deputies": Spec(
        "deputies", "deputies", "代表",
        {"name": ("姓名", "代表姓名", "名字"), "sex": ("性别",), "phone": PHONE,
         "work_unit": ("工作单位及职务", "工作单位和职务", "单位及职务", "工作单位", "单位职务", "职务"),
         "levels": ("代表层级", "层级", "代表级别", "级别", "所属层级"), "county": COUNTY, "town": TOWN,
         "station": ("联络站", "所属联络站", "联络站(点)", "联络站点", "所属站点", "民情联络站")},
        ("name",), ("county_id", "name"), "name", "同一县区同名的代表",
        {"name": "张三", "sex": "男", "phone": "13805330000", "work_unit": "南麻街道东村党支部书记",
         "levels": "县,镇", "county": "沂源县", "town": "南麻街道", "station": "南麻街道人大代表民情联络站"},
        "代表名册",
    ),
    "members": Spec(
        "members", "members", "常委会组成人员",
        {"name": ("姓名", "名字"), "post": ("职务", "现任职务"), "group_name": ("活动小组", "小组", "联系小组", "所在小组"),
         "county": COUNTY, "phone": PHONE},
        ("name",), ("county_id", "name"), "name", "同一县区同名",
        {"name": "李四", "post": "副主任", "group_name": "第一活动小组", "county": "沂源县", "phone": "13905330000"},
        "常委会组成人员",
    ),
    "constituents": Spec(
        "constituents", "constituents", "群众",
        {"name": ("姓名", "群众姓名", "名字"), "phone": PHONE, "address": ("住址", "地址", "家庭住址", "居住地址", "现住址"),
         "county": COUNTY, "town": TOWN, "deputies": ("联系代表", "代表", "联系的代表", "联系人大代表")},
        ("name",), ("county_id", "name", "phone"), "name", "同一县区、同名且电话相同",
        {"name": "王五", "phone": "13705330000", "address": "沂源县南麻街道东村12号", "county": "沂源县",
         "town": "南麻街道", "deputies": "张三"},
        "联系群众",
    ),
    "departments": Spec(
        "departments", "departments", "承办单位",
        {"name": ("名称", "单位名称", "承办单位", "部门名称", "责任部门", "责任单位"), "kind": ("类别", "类型", "单位类别"),
         "county": COUNTY, "contact": ("联系人", "联系人及电话")},
        ("name",), ("county_id", "name"), "name", "同一县区同名",
        {"name": "县住房和城乡建设局", "kind": "县直部门", "county": "沂源县", "contact": "赵六 0533-3221234"},
        "承办单位",
    ),
}

LINK_SPECS = [
    Spec(
        "member_links", "links", "联系代表关系",
        {"year": ("年度", "年份", "年"), "member": ("常委会组成人员", "组成人员", "常委会委员", "委员"),
         "deputy": ("代表", "联系代表", "人大代表", "代表姓名"), "county": COUNTY},
        ("member", "deputy"), ("year", "a", "b"), "deputy", "同一年度同样的联系关系",
        {"year": "2026", "member": "李四", "deputy": "张三", "county": "沂源县"},
        "联系代表",
    ),
    Spec(
        "deputy_links", "links", "联系群众关系",
        {"year": ("年度", "年份", "年"), "deputy": ("代表", "人大代表", "代表姓名"),
         "constituent": ("群众", "联系群众", "群众姓名"), "constituent_phone": ("群众电话", "群众联系电话", "联系电话"),
         "county": COUNTY},
        ("deputy", "constituent"), ("year", "a", "b"), "constituent", "同一年度同样的联系关系",
        {"year": "2026", "deputy": "张三", "constituent": "王五", "constituent_phone": "13705330000",
         "county": "沂源县"},
        "联系群众",
    ),
]

KINDS = (*SPECS, "links")
REQUIRED_NOTE = "必填"
EXAMPLE_MARK = "示例（导入时跳过）"  # the first cell of a template's example row; imports skip such rows


def is_example_row(cells) -> bool:
    """A row whose first cell starts with 示例: the example row of a template, never data."""
    first = cells[0] if cells else None
    return isinstance(first, str) and first.strip().startswith("示例")


def shipped_example(spec: Spec) -> dict[str, str]:
    """The example row as templates before EXAMPLE_MARK wrote it (张三 …): a sheet still holding it
    unchanged is refused, since importing it would overwrite a real 张三."""
    return spec.example


def specs_of(kind: str) -> list[Spec]:
    return LINK_SPECS if kind == "links" else [SPECS[kind]]


def write_template(kind: str, out: Path) -> Path:
    """Write the template atomically (a temporary file renamed into place). Every cell is written as
    text, so nothing a clerk's data starts with (= + - @) can become a formula."""
    import xlsxwriter

    from shuanglian_cli.errors import file_write_error
    from shuanglian_cli.io.atomic import atomic_write

    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_write_error(exc, out, "模板文件") from None
    with atomic_write(out, "模板文件") as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                              "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
        text = book.add_format({"num_format": "@"})
        for spec in specs_of(kind):
            sheet = book.add_worksheet(spec.sheet)
            for col, (key, headers) in enumerate(spec.fields.items()):
                sheet.write_string(0, col, headers[0], head)
                if key in spec.required:
                    sheet.write_comment(0, col, REQUIRED_NOTE)
                value = EXAMPLE_MARK if col == 0 else spec.example.get(key, "")
                sheet.write_string(1, col, value, text)
                width = max(len(headers[0]), len(value)) * 2 + 2
                sheet.set_column(col, col, min(width, 40), text)
            sheet.freeze_panes(1, 0)
        book.close()
    return out
