"""Writing a file so that a failure (a full disk, a read-only place, Excel holding the file open) never
leaves a half-written file: write a private temporary file beside the target, rename it over the target
at the end, and say what went wrong in Chinese (errors.file_write_error)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from shuanglian_cli.errors import file_write_error


def os_error_of(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`: itself, or the one a library wrapped (xlsxwriter's FileCreateError)."""
    if isinstance(exc, OSError):
        return exc
    for inner in (*getattr(exc, "args", ()), exc.__cause__, exc.__context__):
        if isinstance(inner, OSError):
            return inner
    return None


@contextlib.contextmanager
def atomic_write(path: Path, what: str = "文件") -> Iterator[Path]:
    """Yield a temporary path beside `path` (readable by its owner only) to write; on success it replaces
    `path`, on any failure it is removed and an OSError becomes a UserError naming `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=".~sl-", suffix=path.suffix, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise file_write_error(exc, path, what) from None
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except Exception as exc:
        cause = os_error_of(exc)
        if cause is None:
            raise
        raise file_write_error(cause, path, what) from None
    finally:
        tmp.unlink(missing_ok=True)
