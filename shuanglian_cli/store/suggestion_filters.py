"""The WHERE clauses that narrow suggestions (alias `s`) to a county, a station and its points, a body, a deputy."""


def suggestion_filters(county_id=None, station_id=None, department_id=None, deputy_id=None) -> tuple[str, list]:
    sql, args = "", []
    if county_id is not None:
        sql += " AND s.county_id = ?"
        args.append(county_id)
    if station_id is not None:  # a station covers its points
        sql += " AND s.station_id IN (SELECT id FROM stations WHERE id = ? OR parent_id = ?)"
        args += [station_id, station_id]
    if department_id is not None:
        sql += " AND s.department_id = ?"
        args.append(department_id)
    if deputy_id is not None:
        sql += " AND s.deputy_id = ?"
        args.append(deputy_id)
    return sql, args
