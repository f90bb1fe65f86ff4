"""The rota planner (domain/rota.py) against brute force on small instances: every plan respects
absences, the gap windows, kept days and the places of a day; the deputies' total shortfall is the
least any plan can have (so minimums are met whenever a feasible plan exists, and a shortfall is
reported exactly when none does), and each shortfall says why."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian_cli.domain.rota import Candidate, Slot, level_class, plan, window_of

Y0 = dt.date(2027, 1, 1)
LEVELS = ("镇", "县", "县,镇", "市,县", "全国,省,市,县")


@st.composite
def instances(draw):
    n_days = draw(st.integers(1, 5))
    offsets = sorted(draw(st.sets(st.integers(10, 120), min_size=n_days, max_size=n_days)))
    slots = [Slot(draw(st.sampled_from([1, 2])), Y0 + dt.timedelta(days=o)) for o in offsets]
    deputies = []
    for i in range(draw(st.integers(1, 3))):
        away = ()
        if draw(st.booleans()):
            a = draw(st.integers(0, 120))
            away = ((Y0 + dt.timedelta(days=a), Y0 + dt.timedelta(days=a + draw(st.integers(0, 40)))),)
        kept = tuple(Y0 + dt.timedelta(days=k) for k in sorted(draw(st.sets(st.integers(0, 9), max_size=3))))
        deputies.append(Candidate(i + 1, f"代表{i + 1}", draw(st.sampled_from([1, 2])), draw(st.sampled_from(LEVELS)),
                                  away, kept))
    return slots, deputies, draw(st.integers(1, 2)), draw(st.integers(0, 3)), draw(st.sampled_from([1, 7, 14, 30, 60]))


def _eligible(d: Candidate, slot: Slot, gap: int) -> bool:
    closed = {window_of(k, Y0, gap) for k in d.kept}
    return not d.is_away(slot.day) and window_of(slot.day, Y0, gap) not in closed


def _least_shortfall(slots, deputies, per_day, min_days, gap) -> int:
    """Brute force: every deputy's choice of days (at most one per window), the places of each day."""
    choices = []
    for d in deputies:
        options = [s for s in slots if _eligible(d, s, gap)]
        subsets = [()]
        for s in options:
            subsets += [sub + (s,) for sub in subsets
                        if all(window_of(t.day, Y0, gap) != window_of(s.day, Y0, gap) for t in sub)]
        choices.append(subsets)
    best = None

    def walk(i, used: Counter, short: int):
        nonlocal best
        if best is not None and short >= best:
            return
        if i == len(deputies):
            best = short
            return
        d = deputies[i]
        for sub in choices[i]:
            if any(used[s] + 1 > per_day for s in sub):
                continue
            walk(i + 1, used + Counter(sub), short + max(0, min_days - len(d.kept) - len(sub)))

    walk(0, Counter(), 0)
    return best


def _check_valid(p, slots, deputies, per_day, gap):
    by_id = {d.id: d for d in deputies}
    per_slot = Counter(slot for slot, _ in p.assigned)
    assert all(n <= per_day for n in per_slot.values())
    assert set(per_slot) <= set(slots)
    windows = Counter((did, window_of(slot.day, Y0, gap)) for slot, did in p.assigned)
    assert all(n == 1 for n in windows.values())  # never twice within one gap window
    for slot, did in p.assigned:
        d = by_id[did]
        assert not d.is_away(slot.day)
        assert window_of(slot.day, Y0, gap) not in {window_of(k, Y0, gap) for k in d.kept}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_least_shortfall_of_any_plan(case):
    slots, deputies, per_day, min_days, gap = case
    p = plan(slots, deputies, per_day, min_days, gap, Y0)
    _check_valid(p, slots, deputies, per_day, gap)
    counts = Counter(did for _, did in p.assigned)
    short = {f.deputy.id: f for f in p.shortfalls}
    for d in deputies:
        got = len(d.kept) + counts[d.id]
        if d.id in short:
            assert got < min_days and short[d.id].planned == got and short[d.id].needed == min_days
            assert short[d.id].reason in ("days", "absences", "gap", "places") and short[d.id].detail
        else:
            assert got >= min_days
    total = sum(f.needed - f.planned for f in p.shortfalls)
    assert total == _least_shortfall(slots, deputies, per_day, min_days, gap)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_places_are_filled_when_someone_can_take_them(case):
    """A day left short has no eligible deputy free in that window (else the flow would use them)."""
    slots, deputies, per_day, min_days, gap = case
    p = plan(slots, deputies, per_day, min_days, gap, Y0)
    taken = {(did, window_of(slot.day, Y0, gap)) for slot, did in p.assigned}
    for slot in p.unfilled:
        on_day = {did for s, did in p.assigned if s == slot}
        for d in deputies:
            if d.id not in on_day and _eligible(d, slot, gap):
                assert (d.id, window_of(slot.day, Y0, gap)) in taken


def test_spread_evenly_and_a_mix_of_levels():
    days = [Slot(1, Y0 + dt.timedelta(days=14 * i + 6)) for i in range(24)]
    levels = ["镇"] * 6 + ["县"] * 5 + ["市,县"] * 5
    people = [Candidate(i, f"代表{i}", 1, lv) for i, lv in enumerate(levels)]
    p = plan(days, people, 3, 1, 28, Y0)
    counts = Counter(did for _, did in p.assigned)
    assert not p.shortfalls and not p.unfilled
    assert max(counts.values()) - min(counts.values()) <= 1  # 72 places among 16: 4 or 5 each
    by_day: dict = {}
    for slot, did in p.assigned:
        by_day.setdefault(slot, []).append(level_class(people[did].levels))
    # three classes on the roster: every day has all three
    assert all(len(set(classes)) == 3 for classes in by_day.values())


def test_too_few_days_absences_and_gap_are_told_apart():
    days = [Slot(1, Y0 + dt.timedelta(days=d)) for d in (10, 12, 40)]
    away = Candidate(1, "请假的", 1, away=((Y0, Y0 + dt.timedelta(days=45)),))
    p = plan(days, [away], 1, 1, 30, Y0)
    assert [(f.deputy.name, f.reason) for f in p.shortfalls] == [("请假的", "absences")]
    p = plan(days, [Candidate(2, "间隔", 1)], 1, 3, 30, Y0)
    assert [f.reason for f in p.shortfalls] == ["gap"]
    p = plan(days, [Candidate(3, "太少", 1)], 1, 4, 1, Y0)
    assert [f.reason for f in p.shortfalls] == ["days"]
    crowd = [Candidate(i, f"代表{i}", 1) for i in range(5)]
    p = plan(days, crowd, 1, 1, 1, Y0)
    assert len(p.shortfalls) == 2 and {f.reason for f in p.shortfalls} == {"places"}
    assert "3 个接待日的 3 个名额" in p.shortfalls[0].detail
