"""THE glossary: every figure `sl` prints, as data. One entry per figure: its json key, Chinese label,
one-sentence definition, the date that places a record in a period, and its unit.

The labels of `sl stats`, the 统计汇总 sheet and `sl coverage` come from here, and docs/figures.md is
generated from it (`cog -r docs/figures.md`). tests/test_figures_glossary.py fails when a printed
key has no entry or an entry names nothing printed; tests/test_recount.py recounts each figure.

A key may appear in several outputs only with one definition; in the rank, the archive and the
department report a figure is restricted to the row's deputy or body. Two entries share a key only
when their outputs do not overlap (the department report's `referred` and `satisfied` predate the
glossary: their own entries say how they differ).
"""

from __future__ import annotations

from dataclasses import dataclass

# where a figure is printed
STATS = "stats"  # sl stats quarter|year (json keys)
SUMMARY = "summary"  # the 统计汇总 sheet of the forms (sl export quarter|year)
DEPARTMENTS = "department_report"  # sl department(s) report (json keys)
COVERAGE = "coverage"  # sl coverage (json "summary" keys)
RANK = "rank"  # sl deputy rank (json keys)
ARCHIVE = "archive"  # sl deputy archive (json "summary" keys)
BY_COUNTY = "by_county"  # sl stats year|quarter --by-county (json: each county row adds these to the stats keys)
DUTIES = "duties"  # sl deputy duties (json: each deputy's result per duty, its `count`; and "summary")
TOPICS = "topics"  # sl topics (json keys of each matter)
OUTPUTS = {
    STATS: "sl stats quarter|year",
    SUMMARY: "统计汇总（sl export 的汇总表）",
    DEPARTMENTS: "sl department report",
    COVERAGE: "sl coverage（summary）",
    RANK: "sl deputy rank",
    ARCHIVE: "sl deputy archive（summary）",
    BY_COUNTY: "sl stats --by-county（各县区行在 stats 各项之外另有）",
    DUTIES: "sl deputy duties（各代表每项要求的 count，及 summary）",
    TOPICS: "sl topics（每个事项）",
}

# what places a record in a period
ACTIVITY_DATE = "活动日期"
COLLECTED = "收集日期"
FIRST_REFERRAL = "首次交办日期"
KEPT_REFERRAL = "交办给该单位的日期"
QUARTER_ACTIVITY = "季度内的活动日期"
ON_THE_DAY = "截至日（不按期间）"
LINK_YEAR = "联系年度"

# units
STATIONS_UNIT = "个"
POINTS = "分"
PLACE = "名"
TABLE = "分项表"
TIMES = "次"
PERSON_TIMES = "人次"
PERSONS = "人"
ITEMS = "条"
FRACTION = "比例（0–1）"
WORKDAYS = "工作日"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # the Chinese label a table or sheet prints (with its unit)
    definition: str  # one sentence
    basis: str  # the date that places a record in the period
    unit: str
    outputs: tuple[str, ...]


ALL = (STATS, SUMMARY)
F = Figure
FIGURES: tuple[Figure, ...] = (
    F("stations", "联络站（个）", "截至日在册的民情联络站。", ON_THE_DAY, STATIONS_UNIT, ALL),
    F("points", "联络点（个）", "截至日在册的民情联络点。", ON_THE_DAY, STATIONS_UNIT, ALL),
    F("activities", "联系活动（次）", "期间内（截至日以前）举行的联系活动；排名和履职档案中为该代表参加的活动。",
      ACTIVITY_DATE, TIMES, (STATS, SUMMARY, RANK, ARCHIVE)),
    F("activities_by_kind", "其中各类活动（次）", "联系活动按活动类型分列。", ACTIVITY_DATE, TIMES, (STATS, SUMMARY, ARCHIVE)),
    F("deputy_attendances", "代表参加（人次）", "每次活动参加的代表人数之和。", ACTIVITY_DATE, PERSON_TIMES, ALL),
    F("deputies_involved", "参加活动的代表（人）", "参加过至少一次活动的不同代表。", ACTIVITY_DATE, PERSONS, ALL),
    F("member_attendances", "常委会组成人员参加（人次）", "每次活动参加的常委会组成人员人数之和。", ACTIVITY_DATE,
      PERSON_TIMES, ALL),
    F("constituent_attendances", "接待群众（人次）",
      "每次活动接待的名册内群众人数加未登记姓名的来访人数之和；履职档案中为该代表参加的活动。",
      ACTIVITY_DATE, PERSON_TIMES, (STATS, SUMMARY, ARCHIVE)),
    F("constituents_from_roster", "其中名册内群众（人次）", "接待群众中登记在名册内的人次。", ACTIVITY_DATE,
      PERSON_TIMES, ALL),
    F("constituents_headcount_only", "其中未登记姓名的群众（人次）", "接待群众中只记人数、未登记姓名的人次。",
      ACTIVITY_DATE, PERSON_TIMES, ALL),
    F("constituents_met", "接待名册内群众（人）",
      "该代表参加的活动中见到的不同名册内群众（同一人只算一次，不含未登记姓名的来访人数）。",
      ACTIVITY_DATE, PERSONS, (RANK, ARCHIVE)),
    F("linked_constituents_met", "本年见面的固定联系群众（人）", "该代表参加的活动中见到的、与其固定联系的不同群众。",
      ACTIVITY_DATE, PERSONS, (ARCHIVE,)),
    F("suggestions", "收集意见建议（条）", "期间内（截至日以前）收集的意见建议；排名和履职档案中为该代表收集的。",
      COLLECTED, ITEMS, (STATS, SUMMARY, RANK, ARCHIVE)),
    F("suggestions_by_outcome", "意见建议按办理结果分列（条）", "该代表收集的意见建议按当前状态分列。", COLLECTED, ITEMS,
      (ARCHIVE,)),
    F("on_spot", "现场解答（条）", "收集的意见建议中截至日已现场解答的。", COLLECTED, ITEMS, ALL),
    F("referred", "交办（条，按收集日期）", "收集的意见建议中截至日已交办的（每条只算一次）；排名和履职档案中为该代表收集的。",
      COLLECTED, ITEMS, (STATS, SUMMARY, RANK, ARCHIVE)),
    F("referred_in_period", "本期交办（条，按首次交办日期）",
      "首次交办日期在期间内（截至日以前）的意见建议，每条只算一次，与交办督办台账的行数相同。",
      FIRST_REFERRAL, ITEMS, ALL),
    F("inter_session", "闭会期间建议（条）", "收集的意见建议中截至日已转为闭会期间建议的。", COLLECTED, ITEMS, ALL),
    F("pending", "待处理（条）", "收集的意见建议中截至日尚未现场解答、交办或转为闭会期间建议的。", COLLECTED, ITEMS, ALL),
    F("withdrawn", "撤回（条）", "收集的意见建议中截至日已撤回的。", COLLECTED, ITEMS, ALL),
    F("replied", "已书面答复（条）", "交办的意见建议中截至日承办单位已书面答复的。", COLLECTED, ITEMS, ALL),
    F("replied_on_time", "按期答复（条）",
      "已书面答复且答复日期不晚于评判到期日（延期在到期日之后批准的，按原到期日评判）的。", COLLECTED, ITEMS, ALL),
    F("referred_on_time", "按期答复（条）", "该代表收集并交办的意见建议中按期答复的（定义同 replied_on_time）。",
      COLLECTED, ITEMS, (ARCHIVE,)),
    F("on_time_rate", "按期答复率", "按期答复 ÷ 已书面答复；部门报告中为该单位的。", COLLECTED, FRACTION,
      (STATS, SUMMARY, DEPARTMENTS)),
    F("closed", "办结（条）", "交办的意见建议中截至日已办结的。", COLLECTED, ITEMS, ALL),
    F("closed_on_time", "按期办结（条）", "已办结且办结日期不晚于评判到期日的。", COLLECTED, ITEMS, ALL),
    F("open_referred", "交办未答复（条）", "交办的意见建议中截至日尚未书面答复的。", COLLECTED, ITEMS, ALL),
    F("overdue", "其中已超期（条）", "交办未答复且截至日已过到期日的。", COLLECTED, ITEMS, ALL),
    F("dissatisfied_pending", "不满意待处理（条）",
      "截至日反馈不满意、尚未重新交办也未办结的（sl suggestions due 列出）。", COLLECTED, ITEMS, ALL),
    F("satisfaction_rated", "已反馈评价（条）", "交办的意见建议中截至日已反馈满意度的。", COLLECTED, ITEMS, ALL),
    F("satisfied", "满意（条）", "已反馈评价中满意的。", COLLECTED, ITEMS, ALL),
    F("basically_satisfied", "基本满意（条）", "已反馈评价中基本满意的。", COLLECTED, ITEMS, ALL),
    F("dissatisfied", "不满意（条）", "已反馈评价中不满意的（含已重新交办或办结的）。", COLLECTED, ITEMS, ALL),
    F("satisfaction_rate", "满意率（满意+基本满意）", "（满意 + 基本满意）÷ 已反馈评价；部门报告中为该单位的。",
      COLLECTED, FRACTION, (STATS, SUMMARY, DEPARTMENTS)),
    F("report_backs", "述职评议（次）", "述职活动的次数；排名和履职档案中为该代表参加的。", ACTIVITY_DATE, TIMES,
      (STATS, SUMMARY, RANK, ARCHIVE)),
    F("report_back_voters", "述职评议参评人数", "述职活动登记的参评人数之和。", ACTIVITY_DATE, PERSONS,
      (STATS, SUMMARY, ARCHIVE)),
    F("report_back_satisfied", "述职评议满意人数", "述职活动登记的满意人数之和。", ACTIVITY_DATE, PERSONS,
      (STATS, SUMMARY, ARCHIVE)),
    F("report_back_rate", "述职评议满意率", "述职评议满意人数 ÷ 参评人数。", ACTIVITY_DATE, FRACTION,
      (STATS, SUMMARY, ARCHIVE)),
    # -- the referral desk (issue 14): answers by class, returns, co-handlers' opinions -----------------
    F("replies_class_a", "A 类答复：已解决或采纳（件）",
      "收集的意见建议中截至日最新答复（续报后按续报）为 A 类（已解决或采纳）的。", COLLECTED, ITEMS, ALL),
    F("replies_class_b", "B 类答复：正在解决或列入计划（件）",
      "收集的意见建议中截至日最新答复为 B 类（正在解决或列入计划，附承诺日期）的。", COLLECTED, ITEMS, ALL),
    F("replies_class_c", "C 类答复：暂时不能解决、留作参考（件）",
      "收集的意见建议中截至日最新答复为 C 类（因条件限制暂时不能解决、留作参考）的。", COLLECTED, ITEMS, ALL),
    F("returned", "退办（次）", "收集的意见建议截至日被承办单位退办的次数（一条可退办多次）。", COLLECTED, TIMES, ALL),
    F("co_handled", "协办单位会签（家次）", "收集的意见建议截至日交办的协办单位家次。", COLLECTED, TIMES, ALL),
    F("co_replied_on_time", "其中按期会签（家次）",
      "协办单位会签意见日期不晚于该件评判到期日的家次。", COLLECTED, TIMES, ALL),
    # -- each county's row of `sl stats --by-county` (the city table): rosters, fixed contact, kinds ----
    F("deputies", "在册代表（名）", "截至日在册的该县区代表（各级合计，同一人只算一次）。", ON_THE_DAY, PERSONS,
      (BY_COUNTY,)),
    F("deputies_by_level", "各级代表（名）", "在册代表按所任各级（全国、省、市、县、镇）分列，兼任多级的在各级各算一次。",
      ON_THE_DAY, TABLE, (BY_COUNTY,)),
    F("members", "常委会组成人员（名）", "在册的常委会组成人员。", ON_THE_DAY, PERSONS, (BY_COUNTY,)),
    F("members_linking", "联系代表的组成人员（名）", "期间所在年度有联系代表的组成人员。", LINK_YEAR, PERSONS,
      (BY_COUNTY,)),
    F("deputies_linked_by_members", "有组成人员联系的代表（名）", "期间所在年度有组成人员联系的不同代表。", LINK_YEAR,
      PERSONS, (BY_COUNTY,)),
    F("deputies_with_constituents", "有固定联系群众的代表（名）", "期间所在年度有固定联系群众的不同代表。", LINK_YEAR,
      PERSONS, (BY_COUNTY,)),
    F("constituents_in_contact", "固定联系群众（名）", "期间所在年度与代表建立固定联系的群众，同一人联系多名代表只算一次。",
      LINK_YEAR, PERSONS, (BY_COUNTY,)),
    F("by_kind", "各类活动分项", "按活动类型分列的活动次数、代表人次、群众人次和在这些活动中收集的意见建议及其处理方式。",
      ACTIVITY_DATE, TABLE, (BY_COUNTY,)),
    F("report_backs_by_level", "述职评议分级", "述职活动按述职代表的最高层级分列：次数、代表人数、参评人数、满意人数和满意率。",
      ACTIVITY_DATE, TABLE, (BY_COUNTY,)),
    # -- the department report: a body's figures count the referrals it kept ------------------------
    F("referred", "交办（条，按交办给该单位的日期）",
      "当前（截至日）由该单位承办、交办日期在该年内的意见建议；改派后只算在接手的单位。",
      KEPT_REFERRAL, ITEMS, (DEPARTMENTS,)),
    F("answered", "已答复（条）", "该单位交办中截至日已书面答复的（同 replied）。", KEPT_REFERRAL, ITEMS, (DEPARTMENTS,)),
    F("answered_on_time", "按期答复（条）", "该单位已答复中按期答复的（同 replied_on_time）。", KEPT_REFERRAL, ITEMS,
      (DEPARTMENTS,)),
    F("median_workdays_to_reply", "答复用时中位数（工作日）", "从交办次日起到书面答复日的工作日数的中位数。",
      KEPT_REFERRAL, WORKDAYS, (DEPARTMENTS,)),
    F("overdue_now", "当前超期（条）", "截至日仍未答复且已过到期日的（不论哪一年交办）。", ON_THE_DAY, ITEMS,
      (DEPARTMENTS,)),
    F("fed_back", "已反馈（条）", "该单位交办中截至日已反馈满意度的（同 satisfaction_rated）。", KEPT_REFERRAL, ITEMS,
      (DEPARTMENTS,)),
    F("satisfied", "满意（含基本满意，条）", "该单位已反馈中满意与基本满意之和（与 stats 的 satisfied 不同）。",
      KEPT_REFERRAL, ITEMS, (DEPARTMENTS,)),
    F("returned", "退办（次）", "该年交办给该单位、截至日由它退办的次数（退办后不计入它的按期与超期）。",
      KEPT_REFERRAL, TIMES, (DEPARTMENTS,)),
    F("returned_workdays", "退办前占用（工作日）", "该单位退办的件从交办次日到退办日的工作日数之和。",
      KEPT_REFERRAL, WORKDAYS, (DEPARTMENTS,)),
    F("co_handled", "协办（家次）", "该年该单位作为协办单位收到的交办。", KEPT_REFERRAL, TIMES, (DEPARTMENTS,)),
    F("co_replied", "已会签（家次）", "该单位作为协办单位截至日已提交会签意见的。", KEPT_REFERRAL, TIMES, (DEPARTMENTS,)),
    F("co_on_time", "按期会签（家次）", "已会签中会签日期不晚于该件评判到期日的。", KEPT_REFERRAL, TIMES,
      (DEPARTMENTS,)),
    F("class_a", "A 类答复（条）", "该单位答复中截至日最新分类为 A（已解决或采纳）的。", KEPT_REFERRAL, ITEMS,
      (DEPARTMENTS,)),
    F("class_b", "B 类答复（条）", "该单位答复中截至日最新分类为 B（正在解决或列入计划）的。", KEPT_REFERRAL, ITEMS,
      (DEPARTMENTS,)),
    F("class_c", "C 类答复（条）", "该单位答复中截至日最新分类为 C（暂时不能解决、留作参考）的。", KEPT_REFERRAL, ITEMS,
      (DEPARTMENTS,)),
    F("score", "评分", "配置 score.weights 加权的各比例之和：按期、满意、A 类占比、退办、当前超期，各为该单位交办数"
      "（含退办）的比例；交办数少于 score.min_referrals 的单位有评分但不排名。", KEPT_REFERRAL, POINTS, (DEPARTMENTS,)),
    F("rank", "排名", "参加排名的单位按评分从高到低的名次（同分同名次）；不参加排名的为空。", KEPT_REFERRAL, PLACE,
      (DEPARTMENTS,)),
    # -- coverage of a quarter ---------------------------------------------------------------------------
    F("members", "常委会组成人员（名）", "在册的常委会组成人员。", ON_THE_DAY, PERSONS, (COVERAGE,)),
    F("members_without_activity", "本季度未参加活动的组成人员（名）", "本季度（截至日以前）没有参加任何活动的组成人员。",
      QUARTER_ACTIVITY, PERSONS, (COVERAGE,)),
    F("deputies", "在册代表（名）", "在册的代表。", ON_THE_DAY, PERSONS, (COVERAGE,)),
    F("linked_deputies", "有联系人的代表（名）", "该年度有常委会组成人员联系的在册代表。", LINK_YEAR, PERSONS, (COVERAGE,)),
    F("deputies_reached_by_members", "被联系人联系到的代表（名）",
      "本季度与联系他的组成人员同场参加过活动的代表（联系到的唯一标准）。", QUARTER_ACTIVITY, PERSONS, (COVERAGE,)),
    F("deputies_unreached", "本季度无人联系的代表（名）",
      "在册代表中未被联系人联系到的，含没有联系人的代表；无人联系代表名单与此数相同。", QUARTER_ACTIVITY, PERSONS,
      (COVERAGE,)),
    F("deputies_without_member", "其中没有联系人的代表（名）", "该年度没有任何组成人员联系的在册代表。", LINK_YEAR,
      PERSONS, (COVERAGE,)),
    F("deputies_with_constituents", "有联系群众的代表（名）", "该年度有固定联系群众的在册代表。", LINK_YEAR, PERSONS,
      (COVERAGE,)),
    F("deputies_below_quota", "联系群众次数不足定额的代表（名）",
      "有固定联系群众、但本季度与其同场的活动少于定额次数的代表。", QUARTER_ACTIVITY, PERSONS, (COVERAGE,)),
    F("linked_constituents", "固定联系群众（名）", "该年度与代表建立固定联系的在册群众（同一人只算一次）。",
      LINK_YEAR, PERSONS, (COVERAGE, ARCHIVE)),
    F("constituents_unreached", "本季度无人联系的群众（名）",
      "固定联系群众中，本季度没有与其任何一名联系代表同场参加活动的（联系到的唯一标准）。", QUARTER_ACTIVITY, PERSONS,
      (COVERAGE,)),
    F("group_activities", "季度双联活动（次）", "本季度（截至日以前）举行的季度双联活动。", QUARTER_ACTIVITY, TIMES,
      (COVERAGE,)),
    F("group_activities_short", "其中未达定额（次）", "联系群众人数或意见建议条数少于定额的季度双联活动。",
      QUARTER_ACTIVITY, TIMES, (COVERAGE,)),
    F("groups_without_activity", "本季度未开展季度双联的小组（个）", "本季度没有季度双联活动的组成人员小组。",
      QUARTER_ACTIVITY, STATIONS_UNIT, (COVERAGE,)),
    # -- each deputy's yearly duties (issue 16; config `duties`, rules in domain/duties.py) -----------
    F("reception_days", "参加接待日（次）", "该代表本年（截至日以前）参加的接待日活动（活动类型为接待日）。", ACTIVITY_DATE,
      TIMES, (DUTIES,)),
    F("quarterly_contact", "联系群众达标的季度（个）",
      "该代表参加、且有其本年固定联系群众在场的活动达到要求次数的季度；已结束的季度都要求，进行中的季度达标才计入。",
      QUARTER_ACTIVITY, STATIONS_UNIT, (DUTIES,)),
    F("suggestions", "提出意见建议（条）", "该代表本年（截至日以前）收集的意见建议（同排名）。", COLLECTED, ITEMS, (DUTIES,)),
    F("report_back", "本届述职（次）",
      "该代表自所任届次开始之日（同时任多届的取最早的；未记届次的为本年 1 月 1 日）至年末（截至日）参加的述职活动。",
      ACTIVITY_DATE, TIMES, (DUTIES,)),
    F("deputies", "代表（名）", "在册代表；给出 --term 时为本年在该届任职过的代表（含已不在册的）。", ON_THE_DAY, PERSONS,
      (DUTIES,)),
    F("deputies_met_all", "全部完成的代表（名）", "每项要求都完成的代表（本年没有固定联系群众的，季度联系一项不计）。",
      ACTIVITY_DATE, PERSONS, (DUTIES,)),
    # -- the matters raised most (sl topics) -------------------------------------------------------------
    F("count", "条数", "期间内（截至日以前）收集、归入该事项（相似的意见建议归为一类）的意见建议。", COLLECTED, ITEMS, (TOPICS,)),
    F("referred", "交办（条）", "该事项的意见建议（截至日以前收集的）中截至日已交办的，与 stats 的 referred 同一口径。",
      COLLECTED, ITEMS, (TOPICS,)),
)
del F

# keys an output prints that name its row or period rather than count anything
META = {
    STATS: {"start", "end", "as_of", "county_id", "period", "county"},
    DEPARTMENTS: {"department", "county", "ranked"},
    RANK: {"rank", "deputy_id", "deputy", "county", "levels"},
    ARCHIVE: {"contact_members"},
    COVERAGE: set(),
    SUMMARY: set(),
    BY_COUNTY: set(),
    DUTIES: {"deputy_id", "deputy", "county", "levels", "station", "met_all"},
    TOPICS: {"rank", "label", "stations", "towns", "departments", "example", "ids"},
}

# what every glossary page says once, not per figure
RULES = (
    "截至日：每个数字都按截至日（--as-of，默认今天）切断：日期在截至日之后的活动、收集、交办、答复、反馈、办结一律不计；"
    "意见建议的状态按各步骤自身的日期（而不是录入的时间）判断。",
    "因此，过去某一期的数字会在补录记录后变化（例如汇总某镇报来的文件之后）；每张报表都印出其数据截至的日期。",
    "按期：答复日期不晚于评判到期日；在到期日之后才批准的延期不改变评判到期日（超期后延期）。",
    "县区的数字每条意见建议只算一次：按收集日期，或按首次交办日期（本期交办）；承办单位的数字只算当前由它承办的交办。",
    "比例在 json 中为 0–1 的小数（4 位），表格和报表中为百分数（1 位小数）；没有分母时为空（null / —）。",
    "排名、履职档案和承办单位报告中，每个数字只算该行的代表或单位。",
)


def for_output(output: str) -> list[Figure]:
    """The figures an output prints, in glossary order."""
    return [f for f in FIGURES if output in f.outputs]


def labels(output: str) -> dict[str, str]:
    """key -> Chinese label for an output, in glossary order."""
    return {f.key: f.label for f in for_output(output)}


def markdown() -> str:
    """docs/figures.md's body: the rules, then one table per output."""
    out = ["## 通用规则\n"]
    out += [f"- {rule}" for rule in RULES]
    out.append("")
    for output, title in OUTPUTS.items():
        out.append(f"## {title}\n")
        out.append("| key | 名称 | 定义 | 归期日期 | 单位 |")
        out.append("|---|---|---|---|---|")
        for f in for_output(output):
            out.append(f"| `{f.key}` | {f.label} | {f.definition} | {f.basis} | {f.unit} |")
        out.append("")
    return "\n".join(out)
