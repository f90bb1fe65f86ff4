"""SQL pieces shared by the figures (domain/figures.py) wherever they are counted: the stats, the
forms' ledger and `sl suggestions due`, so that one figure is one query."""

from __future__ import annotations


def first_referral_sql(alias: str = "s") -> str:
    """The date of the suggestion's first referral (NULL if never referred): the county counts each
    referred suggestion once, by this date (figure `referred_in_period`, the 交办督办台账's rows)."""
    return (f"(SELECT min(e.on_date) FROM suggestion_events e "
            f"WHERE e.suggestion_id = {alias}.id AND e.kind = 'refer')")


def dissatisfied_pending_sql(alias: str = "s") -> str:
    """Fed back 不满意 and neither referred again nor closed (figure `dissatisfied_pending`), on a row
    of a suggestions source as of a day (store/as_of.py)."""
    return f"({alias}.state = 'fed_back' AND {alias}.satisfaction = '不满意')"


def dissatisfied_pending_rows(db, day, county_id=None, station_id=None, department_id=None) -> list[dict]:
    """The suggestions counted by `dissatisfied_pending` as of `day`, oldest feedback first."""
    from shuanglian_cli.store.as_of import suggestions_source
    from shuanglian_cli.store.suggestion_filters import suggestion_filters

    scope, args = suggestion_filters(county_id, station_id, department_id)
    return list(db.query(
        f"""SELECT s.id, s.content, c.name AS county, st.name AS station, d.name AS deputy,
                   dep.name AS department, s.category, s.referred_on, s.due_on, s.due_confirmed, s.extended, s.chases,
                   s.replied_on, s.fed_back_on
            FROM {suggestions_source(db, day)} s
            JOIN counties c ON c.id = s.county_id
            LEFT JOIN stations st ON st.id = s.station_id
            LEFT JOIN deputies d ON d.id = s.deputy_id
            LEFT JOIN departments dep ON dep.id = s.department_id
            WHERE {dissatisfied_pending_sql("s")} AND s.fed_back_on <= ?{scope}
            ORDER BY s.fed_back_on, s.id""",
        [day.isoformat(), *args]))
