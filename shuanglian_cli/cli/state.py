"""The application state a command reaches through its context: config, database, operator."""


import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer


@dataclass
class AppState:
    db_option: str | None = None
    config_option: str | None = None
    operator_option: str | None = None
    _config: Any = None
    _db: Any = None
    extras: dict = field(default_factory=dict)

    @property
    def config(self):
        if self._config is None:
            from shuanglian_cli.config import load_config

            self._config = load_config(self.config_option)
        return self._config

    @property
    def db_path(self) -> Path:
        from shuanglian_cli.config import resolve_db_path

        return resolve_db_path(self.db_option, self.config)

    def db(self, create: bool = False):
        """The open database; with create=False a missing file is a clear error. In a read-only
        place it is opened read-only (store/db.open_db): reads work, a write is refused as such."""
        if self._db is None:
            from shuanglian_cli.services.store import open_store
            from shuanglian_cli.store.db import Actor

            # who and what the audit trail credits changes to (store/connection.py: transaction)
            actor = Actor(self.safe_operator(), current_command_name())
            self._db = open_store(self.config, self.db_path, actor, create=create)
        return self._db

    @property
    def calendar(self):
        return self.config.calendar

    @property
    def operator(self) -> str:
        import getpass

        return (
            self.operator_option
            or os.environ.get("SL_OPERATOR")
            or self.config.get("operator")
            or getpass.getuser()
        )

    def safe_operator(self) -> str:
        """The operator, or a placeholder when the OS cannot name the user (no passwd entry)."""
        try:
            return self.operator
        except Exception:
            return "（未知）"

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def today_or(as_of: str | None) -> dt.date:
    from shuanglian_cli.clock import today
    from shuanglian_cli.domain.dates import parse_date

    return parse_date(as_of, "--as-of 日期") if as_of else today()


def current_command_name() -> str | None:
    """The running sub-command as typed, without the program name: 'suggestions refer'.
    Arguments are left out on purpose: they may hold names and phone numbers."""
    try:  # typer >= 0.16 carries its own copy of click
        from typer.main import get_current_context
    except ImportError:
        from click import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:
        return None
    parts = ctx.command_path.split()
    return " ".join(parts[1:]) or parts[0] if parts else None
