"""The demo's referral desk (issue 14): a few suggestions appended after the others, from their own
random stream, so that every kind of `sl today` line appears on the demo date and the forms show
co-handlers, returns and reply classes, while the existing records, figures and ids stay as they were.

All dates count back from the demo date in working days, through the lifecycle functions (so each
step is checked and recorded as an event, like a clerk's)."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from shuanglian_cli.domain.escalation import shift
from shuanglian_cli.store import referrals
from shuanglian_cli.store import suggestions as store

ACTOR = "演示数据"
CASES = (  # (opinion, category)
    ("镇区主干道两侧排水沟堵塞，雨天积水严重，建议清淤", "城乡建设"),
    ("村卫生室缺少常用药品，建议协调补充", "社会民生"),
    ("学校门口上下学时段交通拥堵，建议设置护学岗", "社会民生"),
    ("农村饮水工程水压不足，高处农户用水困难，建议加装加压泵", "城乡建设"),
    ("山区公路弯道缺少警示标志和护栏，建议增设", "城乡建设"),
    ("农产品冷链仓储不足，建议规划建设冷库", "经济发展"),
    ("老旧小区加装电梯审批手续繁琐，建议简化", "城乡建设"),
)


def build_desk(db: sqlite_utils.Database, seed: int, config, today: dt.date) -> str:
    rng = random.Random(f"desk-{seed}")
    cal = config.calendar
    base = cal.previous_workday(today)  # the demo date, or the working day before it

    def wd(n: int) -> dt.date:  # n working days from the base (negative: before it)
        return shift(cal, base, n)

    conn = db.conn
    county_id = conn.execute("SELECT id FROM counties WHERE slug = 'yiyuan'").fetchone()[0]
    stations = conn.execute(
        """SELECT s.id, d.id FROM stations s JOIN deputies d ON d.station_id = s.id
           WHERE s.county_id = ? AND s.kind = '站' ORDER BY s.id, d.id""", [county_id]).fetchall()
    depts = [r[0] for r in conn.execute("SELECT id FROM departments WHERE county_id = ? AND kind != '镇街' ORDER BY id",
                                        [county_id])]
    names = dict(conn.execute("SELECT id, name FROM departments"))
    people = [r[0] for r in conn.execute("SELECT id FROM constituents WHERE county_id = ? ORDER BY id", [county_id])]
    cases = iter(CASES)

    def new(collected: dt.date) -> int:
        content, category = next(cases)
        station_id, deputy_id = rng.choice(stations)
        return store.add_suggestion(db, county_id=county_id, collected_on=collected, content=content,
                                    category=category, station_id=station_id, deputy_id=deputy_id,
                                    constituent_id=rng.choice(people), actor=ACTOR)

    def refer(sid: int, on: dt.date, limit: int, lead: int, co: list[int] = ()) -> None:
        referrals.refer(db, sid, department_id=lead, co_ids=list(co), on=on, calendar=cal, limit_workdays=limit,
                        names=names, actor=ACTOR)

    lead, co, other = rng.sample(depts, 3)
    # 1. enters the warning window on the demo date (due three working days on), with a co-handler's opinion
    sid = new(wd(-13))
    refer(sid, wd(-12), 15, lead, [co])
    referrals.co_reply(db, sid, department_id=co, on=wd(-1), text="同意主办单位意见，配合做好相关工作", actor=ACTOR)
    # 2. returned two days ago inside the window, awaiting reassignment
    sid = new(wd(-5))
    refer(sid, wd(-4), 15, lead)
    referrals.return_(db, sid, department_id=lead, on=wd(-2), reason="不属于本单位职责范围", calendar=cal, window=3,
                      actor=ACTOR)
    # 3. returned, referred again to the right body, answered A, satisfied, closed
    sid = new(wd(-61))
    refer(sid, wd(-60), 15, co)
    referrals.return_(db, sid, department_id=co, on=wd(-58), reason="应由行业主管部门办理", calendar=cal, window=3,
                      actor=ACTOR)
    refer(sid, wd(-57), 15, other)
    _answer(db, sid, wd(-47), "A", None, "已完成清淤，排水恢复正常", "满意", wd(-45), wd(-44))
    # 4. a B answer whose promise passed without a follow-up
    sid = new(wd(-81))
    refer(sid, wd(-80), 15, lead)
    _answer(db, sid, wd(-70), "B", today - dt.timedelta(days=20), "已列入计划，年内协调补充", "基本满意", wd(-68), wd(-67))
    # 5. a B answer followed up as solved (A)
    sid = new(wd(-101))
    refer(sid, wd(-100), 15, other)
    _answer(db, sid, wd(-90), "B", today - dt.timedelta(days=60), "已列入计划", "满意", wd(-88), wd(-87))
    referrals.follow_up(db, sid, on=wd(-75), reply_class="A", promise=None, text="护学岗已设置，交通秩序好转",
                        actor=ACTOR)
    # 6. a C answer (kept for reference)
    sid = new(wd(-41))
    refer(sid, wd(-40), 15, co)
    _answer(db, sid, wd(-30), "C", None, "受资金条件限制，暂时不能解决，留作参考", "基本满意", wd(-28), wd(-27))
    # 7. overdue, its notice recorded: the bulletin is due
    sid = new(wd(-31))
    refer(sid, wd(-30), 15, lead)
    store.chase(db, sid, on=wd(-14), actor=ACTOR, note="催办通知书")
    referrals.mark_chase_kind(db, sid, "notice")
    return "交办台账：主办与协办、退办与改派、答复分类（A/B/C）、催办阶梯示例 7 条"


def _answer(db, sid: int, on: dt.date, cls: str, promise: dt.date | None, text: str, satisfaction: str,
            fed_back: dt.date, closed: dt.date) -> None:
    store.reply(db, sid, on=on, content=text, actor=ACTOR)
    referrals.classify_reply(db, sid, reply_class=cls, promise=promise)
    store.feedback(db, sid, on=fed_back, satisfaction=satisfaction, actor=ACTOR)
    store.close(db, sid, on=closed, actor=ACTOR)
