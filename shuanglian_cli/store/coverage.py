"""Coverage of a quarter: whom each member and each deputy actually reached, who was left out,
and the quarterly group activities (季度双联) that fell short of their quotas.

One rule for reaching someone (domain/figures.py): a member "contacted" a linked deputy when both
attended the same activity in the quarter; a deputy "met" a linked constituent, and a constituent was
reached, when the constituent and one of their linked deputies were at the same activity. A deputy
nobody reached is any active deputy no linked member met, those with no member linked included. Set-based queries over the
quarter's activities keep a city (8 counties, 10,000 activities a year) well under a second.
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

from shuanglian_cli.domain.dates import format_quarter, quarter_range


def _quarter_activities(county_id: int | None) -> tuple[str, str]:
    county_sql = " AND county_id = :county" if county_id is not None else ""
    return f"qa AS (SELECT id FROM activities WHERE date BETWEEN :a AND :b{county_sql})", county_sql


def quarter_coverage(
    db: sqlite_utils.Database,
    year: int,
    quarter: int,
    county_id: int | None = None,
    quotas: dict | None = None,
    as_of=None,
) -> dict:
    """The quarter's coverage as of `as_of` (an activity held later had not happened yet)."""
    quotas = quotas or {}
    group_people = int(quotas.get("group_people", 10))
    group_suggestions = int(quotas.get("group_suggestions", 3))
    per_quarter = int(quotas.get("constituents_per_quarter", 1))
    start, end = quarter_range(year, quarter)
    conn = db.conn
    cte, county_sql = _quarter_activities(county_id)
    if as_of is not None:
        end = min(end, as_of)
    p = {"a": start.isoformat(), "b": end.isoformat(), "year": year, "county": county_id}
    counties = dict(conn.execute("SELECT id, short_name FROM counties"))

    # -- members -> their linked deputies --------------------------------------------------------
    met_pairs = set(conn.execute(
        f"""WITH {cte} SELECT DISTINCT am.member_id, ad.deputy_id FROM qa
            JOIN activity_members am ON am.activity_id = qa.id
            JOIN activity_deputies ad ON ad.activity_id = qa.id""", p).fetchall())
    member_acts = dict(conn.execute(
        f"""WITH {cte} SELECT am.member_id, count(*) FROM qa
            JOIN activity_members am ON am.activity_id = qa.id GROUP BY am.member_id""", p).fetchall())
    deputy_names = {}
    links: dict[int, list[int]] = defaultdict(list)
    reached_deputies: set[int] = set()
    linked_deputies: set[int] = set()
    for member_id, deputy_id, deputy_name in conn.execute(
        f"""SELECT md.member_id, md.deputy_id, d.name FROM member_deputies md
            JOIN deputies d ON d.id = md.deputy_id
            WHERE md.year = :year AND d.active = 1{county_sql.replace('county_id', 'd.county_id')}
            ORDER BY md.member_id, d.id""", p):
        links[member_id].append(deputy_id)
        deputy_names[deputy_id] = deputy_name
        linked_deputies.add(deputy_id)
        if (member_id, deputy_id) in met_pairs:
            reached_deputies.add(deputy_id)
    members = []
    for mid, name, group, cid in conn.execute(
        f"""SELECT id, name, group_name, county_id FROM members WHERE active = 1{county_sql}
            ORDER BY county_id, id""", p):
        linked = links.get(mid, [])
        contacted = [d for d in linked if (mid, d) in met_pairs]
        members.append({
            "member_id": mid, "member": name, "county": counties.get(cid, ""), "group": group,
            "activities": member_acts.get(mid, 0), "linked_deputies": len(linked),
            "contacted_deputies": len(contacted),
            "contacted": [deputy_names[d] for d in contacted],
            "not_contacted": [deputy_names[d] for d in linked if (mid, d) not in met_pairs],
        })

    # -- deputies -> their linked constituents --------------------------------------------------
    linked_counts = dict(conn.execute(
        f"""SELECT dc.deputy_id, count(*) FROM deputy_constituents dc JOIN deputies d ON d.id = dc.deputy_id
            WHERE dc.year = :year AND d.active = 1{county_sql.replace('county_id', 'd.county_id')}
            GROUP BY dc.deputy_id""", p).fetchall())
    met = {d: (n, acts) for d, n, acts in conn.execute(
        f"""WITH {cte} SELECT ad.deputy_id, count(DISTINCT ac.constituent_id), count(DISTINCT qa.id) FROM qa
            JOIN activity_deputies ad ON ad.activity_id = qa.id
            JOIN activity_constituents ac ON ac.activity_id = qa.id
            JOIN deputy_constituents dc ON dc.year = :year AND dc.deputy_id = ad.deputy_id
                 AND dc.constituent_id = ac.constituent_id
            GROUP BY ad.deputy_id""", p)}
    deputy_acts = dict(conn.execute(
        f"""WITH {cte} SELECT ad.deputy_id, count(*) FROM qa
            JOIN activity_deputies ad ON ad.activity_id = qa.id GROUP BY ad.deputy_id""", p).fetchall())
    deputies = []
    for did, name, cid, station in conn.execute(
        f"""SELECT d.id, d.name, d.county_id, coalesce(s.name, '') FROM deputies d
            LEFT JOIN stations s ON s.id = d.station_id
            WHERE d.active = 1{county_sql.replace('county_id', 'd.county_id')} ORDER BY d.county_id, d.id""", p):
        linked = linked_counts.get(did, 0)
        n_met, contacts = met.get(did, (0, 0))
        deputies.append({
            "deputy_id": did, "deputy": name, "county": counties.get(cid, ""), "station": station,
            "activities": deputy_acts.get(did, 0), "linked_constituents": linked,
            "met_constituents": n_met, "contact_activities": contacts,
            "below_quota": bool(linked) and contacts < per_quarter,
            "reached_by_member": did in reached_deputies if did in linked_deputies else None,
        })

    # -- nobody reached them ----------------------------------------------------------------------
    unreached_deputies = [
        {"deputy_id": d["deputy_id"], "deputy": d["deputy"],
         "reason": "未被联系人联系到" if d["deputy_id"] in linked_deputies else "没有联系人"}
        for d in deputies if d["deputy_id"] not in reached_deputies
    ]
    unreached_constituents = [
        {"constituent_id": cid, "constituent": cname, "deputy": dname}
        for cid, cname, dname in conn.execute(
            f"""WITH {cte}, seen AS (SELECT DISTINCT ac.constituent_id FROM qa
                    JOIN activity_constituents ac ON ac.activity_id = qa.id
                    JOIN activity_deputies ad ON ad.activity_id = qa.id
                    JOIN deputy_constituents dc ON dc.year = :year AND dc.deputy_id = ad.deputy_id
                         AND dc.constituent_id = ac.constituent_id)
                SELECT c.id, c.name, group_concat(d.name, '、') FROM deputy_constituents dc
                JOIN constituents c ON c.id = dc.constituent_id
                JOIN deputies d ON d.id = dc.deputy_id
                WHERE dc.year = :year AND c.active = 1 AND c.erased = 0
                  AND dc.constituent_id NOT IN (SELECT constituent_id FROM seen)
                  {county_sql.replace('county_id', 'c.county_id')}
                GROUP BY c.id ORDER BY c.id""", p)
    ]
    linked_constituents = conn.execute(
        f"""SELECT count(DISTINCT dc.constituent_id) FROM deputy_constituents dc
            JOIN constituents c ON c.id = dc.constituent_id
            WHERE dc.year = :year AND c.active = 1 AND c.erased = 0
            {county_sql.replace('county_id', 'c.county_id')}""", p).fetchone()[0]

    # -- quarterly group activities against their quotas ---------------------------------------
    group_acts = []
    held: dict[tuple[int, str], int] = defaultdict(int)
    for aid, day, group, cid, roster, extra, sugg in conn.execute(
        f"""WITH {cte} SELECT a.id, a.date, a.group_name, a.county_id,
                (SELECT count(*) FROM activity_constituents ac WHERE ac.activity_id = a.id),
                a.extra_constituents,
                (SELECT count(*) FROM suggestions s WHERE s.activity_id = a.id)
            FROM qa JOIN activities a ON a.id = qa.id WHERE a.kind = '季度双联' ORDER BY a.date, a.id""", p):
        people = roster + extra
        problems = []
        if people < group_people:
            problems.append(f"联系群众 {people} 人，少于 {group_people} 人")
        if sugg < group_suggestions:
            problems.append(f"意见建议 {sugg} 条，少于 {group_suggestions} 条")
        held[(cid, group)] += 1
        group_acts.append({
            "activity_id": aid, "date": day, "county": counties.get(cid, ""), "group": group,
            "people": people, "suggestions": sugg, "ok": not problems, "problems": "；".join(problems),
        })
    groups = []
    for cid, group in conn.execute(
        f"""SELECT DISTINCT county_id, group_name FROM members
            WHERE active = 1 AND group_name != ''{county_sql} ORDER BY county_id, group_name""", p):
        groups.append({"county": counties.get(cid, ""), "group": group, "group_activities": held.get((cid, group), 0)})

    return {
        "quarter": format_quarter(year, quarter),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "county_id": county_id,
        "quotas": {"group_people": group_people, "group_suggestions": group_suggestions,
                   "constituents_per_quarter": per_quarter},
        "summary": {
            "members": len(members),
            "members_without_activity": sum(1 for m in members if not m["activities"]),
            "deputies": len(deputies),
            "linked_deputies": len(linked_deputies),
            "deputies_reached_by_members": len(reached_deputies),
            "deputies_unreached": len(unreached_deputies),
            "deputies_without_member": sum(1 for d in deputies if d["deputy_id"] not in linked_deputies),
            "deputies_with_constituents": sum(1 for d in deputies if d["linked_constituents"]),
            "deputies_below_quota": sum(1 for d in deputies if d["below_quota"]),
            "linked_constituents": linked_constituents,
            "constituents_unreached": len(unreached_constituents),
            "group_activities": len(group_acts),
            "group_activities_short": sum(1 for g in group_acts if not g["ok"]),
            "groups_without_activity": sum(1 for g in groups if not g["group_activities"]),
        },
        "members": members,
        "deputies": deputies,
        "unreached_deputies": unreached_deputies,
        "unreached_constituents": unreached_constituents,
        "group_activities": group_acts,
        "groups": groups,
    }

