"""Errors a user can act on, and the exit codes `sl` ends with. The CLI turns a UserError into a
Chinese message and ExitCode.USER."""

import enum
import errno


class ExitCode(enum.IntEnum):
    """What `sl`'s exit status means; scripts may rely on these numbers."""

    OK = 0
    INTERNAL = 1  # a bug: the message says so and how to see the details
    USER = 2  # bad input or a state the user must fix (also the environment: disk full, read-only place)
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class UserError(Exception):
    """Bad input or a state the user must fix; `message` is Chinese and says what and where."""

    exit_code = ExitCode.USER

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(UserError):
    pass


class Ambiguous(UserError):
    pass


class InvalidTransition(UserError):
    pass


# EFBIG is a size limit reached: to the clerk the same as a full disk
_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EPERM, errno.EACCES}


def file_write_error(exc: OSError, path, what: str = "文件") -> UserError:
    """Why `path` could not be written, in words a clerk can act on; the caller has removed any partial file."""
    from pathlib import Path

    folder = Path(path).parent
    code = exc.errno
    if code in _NO_SPACE:
        return UserError(f"磁盘空间不足，无法写入{what}“{path}”", ["请清理磁盘空间，或写到其他磁盘后重试；未留下不完整的文件"])
    if code == errno.EROFS:
        return UserError(f"“{folder}”所在位置是只读的（写保护的 U 盘或只读共享），无法写入{what}“{path}”",
                         ["请换一个可写的文件夹（另给出路径）后重试"])
    if code in _DENIED:
        return UserError(f"没有权限写入{what}“{path}”，或它正被其他程序（如 Excel/WPS）打开",
                         ["请关闭占用它的程序后重试，或换一个可写的文件夹"])
    return UserError(f"无法写入{what}“{path}”：{exc.strerror or exc}")
