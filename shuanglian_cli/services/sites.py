"""Setting which office a file is, and registering the offices it exchanges bundles with."""

from __future__ import annotations

from shuanglian_cli.errors import UserError


def _county_name(db, county: str | None, kind: str) -> str | None:
    from shuanglian_cli.store.resolve import find_county

    if kind == "city":
        return find_county(db, county)["name"] if county else None
    if not county:
        raise UserError("镇街和县区站点需要 --county 指明所属县区")
    return find_county(db, county)["name"]


def set_site(db, *, name: str, code: str, kind: str, county: str | None, new_site: bool = False) -> dict:
    from shuanglian_cli.store import sites
    from shuanglian_cli.store.connection import transaction

    code = sites.check_code(code)
    kind = sites.check_kind(kind)
    name = (name or "").strip()
    if not name:
        raise UserError("站点名称不能为空（--site）")
    with transaction(db):
        return sites.set_site(db, code=code, name=name, kind=kind, county=_county_name(db, county, kind),
                              new_site=new_site)


def add_peer(db, *, code: str, name: str, kind: str, county: str | None, fmt: int = 1) -> dict:
    from shuanglian_cli.io.bundle_file import FORMAT
    from shuanglian_cli.store import sites
    from shuanglian_cli.store.connection import transaction

    code = sites.check_code(code)
    kind = sites.check_kind(kind)
    if not fmt >= 1:
        raise UserError("--format 应为正整数")
    with transaction(db):
        return sites.add_peer(db, code=code, name=(name or code).strip(), kind=kind,
                              county=_county_name(db, county, kind), fmt=min(fmt, FORMAT) if fmt else FORMAT)


def renew_after_restore(db) -> None:
    """A restored file rewinds its change sequence: peers get a full resend."""
    from shuanglian_cli.store import sites
    from shuanglian_cli.store.connection import transaction

    with transaction(db):
        if sites.get_site(db) is not None:
            sites.renew_incarnation(db)
