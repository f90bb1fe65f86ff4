"""The `sl` command: a root group whose commands are listed once, in COMMANDS, and built (their module
imported) only when one runs or its help is shown."""


import os
import sqlite3
import sys
from typing import NamedTuple

import click
import typer
from typer.core import TyperGroup

from shuanglian_cli import __version__
from shuanglian_cli.errors import ExitCode, UserError

# `sl record` alone shows the group's help (click >= 8.2 raises this UsageError for it): not an error to translate
_SHOW_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class SlGroup(TyperGroup):
    """Turns the errors a user can act on into a Chinese message and exit code 2, never a traceback."""

    def __init__(self, *args, **kwargs):
        from shuanglian_cli.cli.usage import adapt, chinese_headings

        super().__init__(*args, **kwargs)
        chinese_headings()
        adapt(self)  # Chinese -h/--help, usage errors that know their command (each command: _build)
        self.commands = _LazyCommands(_build)

    def list_commands(self, ctx):
        return [name for name in self.commands if name not in _HIDDEN]  # the names only: listing builds nothing

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:  # a typo is never pointed at a hidden alias
            exc.possibilities = [p for p in exc.possibilities or [] if p not in _HIDDEN]
            raise

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:  # the root's own options: `sl --bogus`, `sl --db` without a path
            if isinstance(exc, _SHOW_HELP):
                raise
            _print_usage_error(exc, exc.ctx)
            raise click.exceptions.Exit(ExitCode.USER) from None

    def invoke(self, ctx):
        from shuanglian_cli.cli.render import stderr_console

        try:
            return super().invoke(ctx)
        except UserError as exc:
            _print_error(stderr_console(), exc.message, exc.details)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # a subcommand's options or arguments, or an unknown command
            if isinstance(exc, _SHOW_HELP):
                raise
            _print_usage_error(exc, exc.ctx)
            ctx.exit(ExitCode.USER)
        except sqlite3.Error as exc:
            error = _database_error(exc, ctx.find_root().obj)
            _print_error(stderr_console(), error.message, error.details)
            ctx.exit(error.exit_code)
        except OSError as exc:  # a file or the output that could not be written, said as such
            error = _output_error(exc)
            if error is None:
                raise
            _print_error(stderr_console(), error.message, error.details)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            _print_error(stderr_console(), "已取消，未保存任何更改", [])
            ctx.exit(ExitCode.INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, UnicodeEncodeError):
            raise  # click's own, and a console that cannot show Chinese: main() says those
        except Exception as exc:  # a bug: one line here, so CliRunner sees it as main() would
            if os.environ.get("SL_DEBUG"):
                raise
            print(_internal_message(exc), file=sys.stderr)
            ctx.exit(ExitCode.INTERNAL)
        finally:
            obj = ctx.find_root().obj
            if obj is not None and hasattr(obj, "close"):
                obj.close()


def _print_error(console, message: str, details: list[str]) -> None:
    from rich.markup import escape

    console.print(f"[bold red]错误：[/bold red]{escape(message)}")
    for line in details:
        console.print(f"  {escape(line)}")


def _database_error(exc: sqlite3.Error, obj) -> UserError:
    """What stopped SQLite, in Chinese: a constraint, a lock, the environment (read-only place, full
    disk), or, only when it is so, a damaged file (store/faults.py)."""
    from shuanglian_cli.store.faults import damage_error, environment_error, is_damage

    text = str(exc)
    if isinstance(exc, sqlite3.IntegrityError):  # a constraint, or the trail's triggers refusing a change
        return UserError(_integrity_message(text), ["未保存任何更改"])
    if "locked" in text or "busy" in text:
        return UserError("数据库正被另一个程序长时间占用，请稍后再试")
    path = _db_path(obj)
    if (error := environment_error(exc, path)) is not None:
        return error
    if is_damage(exc):
        return damage_error(exc, path)
    return UserError(f"数据库操作失败：{text}", ["可运行 `sl check` 检查数据库"])


def _db_path(obj):
    try:
        return obj.db_path if obj is not None else None
    except Exception:  # the path itself could not be worked out (a bad config): name no file
        return None


def _output_error(exc: OSError) -> UserError | None:
    """A full disk or a read-only place met while writing a file or the output; None for anything else
    (a closed pipe among them, handled where the output is)."""
    import errno

    from shuanglian_cli.errors import file_write_error

    if exc.errno not in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS):
        return None
    if exc.filename:
        return file_write_error(exc, exc.filename)
    return UserError("磁盘空间不足（或输出位置不可写），输出未能写完", ["请清理磁盘空间，或把输出重定向到其他位置后重试"])


def _integrity_message(text: str) -> str:
    """sqlite's constraint message (English, or the audit triggers' own Chinese) said in Chinese."""
    if text.startswith(("审计记录不可", "审计上下文不可")):
        return "审计记录不可修改（审计记录只能追加，不能修改或删除）"
    kind, _, where = text.partition(" constraint failed")
    where = where.lstrip(": ")
    reasons = {
        "UNIQUE": f"{where} 已有相同的值", "NOT NULL": f"{where} 不能为空",
        "CHECK": f"不满足检查条件 {where}", "FOREIGN KEY": "引用的记录不存在，或记录仍被其他记录引用",
    }
    return f"数据不符合约束：{reasons.get(kind, text)}"


def _print_usage_error(exc: click.UsageError, ctx: click.Context | None) -> None:
    from rich.markup import escape

    from shuanglian_cli.cli.render import stderr_console
    from shuanglian_cli.cli.usage import describe, usage_lines

    console = stderr_console()
    _print_error(console, describe(exc), [])
    for line in usage_lines(ctx):
        console.print(escape(line), highlight=False)


app = typer.Typer(
    cls=SlGroup,
    name="sl",
    help="人大“双联”工作台账：联络站点、代表、常委会组成人员、群众、联系活动、意见建议及办理期限。",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sl {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", metavar="PATH",
        help="数据库文件。依次取：--db，环境变量 SL_DB，配置文件的 database，默认在用户数据文件夹（Windows：%LOCALAPPDATA%\\shuanglian\\sl.db；Linux：~/.local/share/shuanglian/sl.db）",
    ),
    config: str = typer.Option(
        None, "--config", metavar="PATH",
        help="配置文件（YAML）。依次取：--config，环境变量 SL_CONFIG，默认用户配置文件夹中的 config.yaml（Windows：%LOCALAPPDATA%\\shuanglian；Linux：~/.config/shuanglian）",
    ),
    operator: str = typer.Option(
        None, "--operator", help="操作人（写入审计记录）。依次取：--operator，SL_OPERATOR，配置 operator，系统用户名",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    from shuanglian_cli.cli.state import AppState

    ctx.obj = AppState(db_option=db, config_option=config, operator_option=operator)


class Entry(NamedTuple):
    """One command or command group of `sl`: its path, and the module attribute that is the command (a
    function) or the group (a typer.Typer); a group gets the commands whose path goes under it."""
    path: str
    module: str
    attr: str
    help: str | None = None
    hidden: bool = False


# Every command of `sl`, in the order `sl --help` lists them; the one place a command is registered.
# A group's commands from other modules (`deputy archive`) follow the group module's own.
COMMANDS: tuple[Entry, ...] = (
    # commands of `sl` itself, then the groups (Typer lists them in this order)
    Entry("init", "basics", "init"),
    Entry("info", "basics", "info"),
    Entry("demo", "basics", "demo"),
    Entry("template", "imports", "template"),
    Entry("coverage", "stats", "coverage", "季度联系覆盖情况：组成人员→代表、代表→群众、无人联系的人、季度双联定额"),
    Entry("today", "today", "today"),
    Entry("audit", "safety", "audit"),
    Entry("backup", "safety", "backup"),
    Entry("restore", "safety", "restore"),
    Entry("check", "safety", "check"),
    Entry("publish", "publish", "publish"),
    Entry("county", "county", "app", "县区与镇街"),
    Entry("station", "station", "app", "民情联络站与联络点"),
    Entry("deputy", "deputy", "app", "人大代表：名册、履职档案、排名"),
    Entry("deputy archive", "deputy_archive", "archive"),
    Entry("deputy rank", "deputy_archive", "rank"),
    Entry("deputy away", "rota", "away"),
    Entry("deputy absences", "rota", "absences"),
    Entry("member", "member", "app", "常委会组成人员"),
    Entry("constituent", "constituent", "app", "联系群众（个人信息默认脱敏）"),
    Entry("constituent forget", "safety", "forget"),
    Entry("department", "department", "app", "承办单位（责任部门）：名册与办理情况报告"),
    Entry("department report", "departments", "report"),
    Entry("link", "link", "app", "年度联系关系：常委会组成人员→代表，代表→群众"),
    Entry("import", "imports", "app", "从 Excel/CSV 导入名册与登记表"),
    Entry("import register", "import_register", "import_register"),
    Entry("record", "record", "app", "记录联系活动（接待日、走访、座谈……）"),
    Entry("suggestions", "suggestions", "app", "意见建议：登记、交办、督办、答复、反馈、办结"),
    Entry("suggestions co-reply", "suggestions_desk", "co_reply"),
    Entry("suggestions return", "suggestions_desk", "return_"),
    Entry("suggestions follow-up", "suggestions_desk", "follow_up"),
    Entry("suggestions similar", "similar", "similar"),
    # the old spelling of `sl department report`, kept working for scripts
    Entry("departments", "departments", "app", "承办单位办理情况报告", hidden=True),
    Entry("calendar", "calendar", "app", "工作日历与办理期限"),
    Entry("schedule", "schedule", "app", "接待日安排：即将到来的与漏办的"),
    Entry("schedule rota", "rota", "rota"),
    Entry("schedule swap", "rota", "swap"),
    Entry("schedule absent", "rota", "absent"),
    Entry("stats", "stats", "app", "统计：季度、年度的联系活动与意见建议办理数字"),
    Entry("export", "export", "app", "导出标准表格（Excel）"),
    Entry("doc", "doc", "app", "文书（Word）：交办单、催办通知书、情况通报、履职档案、接待公告"),
    Entry("doc bulletin", "doc_reports", "bulletin"),
    Entry("doc archive", "doc_reports", "archive"),
    Entry("site", "site", "app", "本站点与交换数据包的对方站点"),
    Entry("bundle", "bundle", "app", "站点之间交换记录的加密数据包"),
    Entry("term", "term", "app", "届次：县、镇（街道）人民代表大会的各届及代表任职"),
    Entry("deputy duties", "duties", "duties"),
    Entry("suggestions search", "search", "suggestions_search"),
    Entry("record search", "search", "record_search"),
    Entry("topics", "topics", "topics", "集中反映的事项：一个季度或一年的意见建议按事项归类，反映最多的在前"),
)

_HIDDEN = {e.path for e in COMMANDS if e.hidden}


class _LazyCommands(dict):
    """The root's name -> click command, each built the first time it is asked for: `sl deputy list`
    imports the deputy module only (start-up), `sl --help` builds them all."""

    def __init__(self, build):
        super().__init__((e.path, None) for e in COMMANDS if " " not in e.path)
        self._build = build

    def __getitem__(self, name):
        command = super().__getitem__(name)
        if command is None:
            command = self._build(name)
            super().__setitem__(name, command)
        return command

    def get(self, name, default=None):
        return self[name] if name in self else default  # noqa: SIM401 (dict.get would not build)

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


def _target(entry: Entry):
    import importlib

    return getattr(importlib.import_module(f"shuanglian_cli.cli.{entry.module}"), entry.attr)


def _build(name: str):
    """The click command of the top-level command `name`, converted by Typer as a sub-command of `sl`
    (the same help, options and settings as a Typer tree built at once), with Chinese help and --out."""
    import typer.main

    from shuanglian_cli.cli.out_option import add_out_option
    from shuanglian_cli.cli.usage import adapt

    entry = next(e for e in COMMANDS if e.path == name)
    target = _target(entry)
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    holder.callback()(_no_options)  # a group, so Typer converts `target` as one of its sub-commands
    if isinstance(target, typer.Typer):
        for sub in COMMANDS:
            parent, _, child = sub.path.rpartition(" ")
            if parent == name and not any(c.name == child for c in target.registered_commands):
                target.command(child, help=sub.help)(_target(sub))
        holder.add_typer(target, name=name, help=entry.help, hidden=entry.hidden)
    else:
        holder.command(name, help=entry.help, hidden=entry.hidden)(target)
    command = typer.main.get_command(holder).commands[name]
    adapt(command)  # Chinese -h/--help, usage errors that know their command
    add_out_option(command)  # --out FILE wherever there is --format
    return command


def _no_options() -> None:
    pass


def main() -> None:
    if not _fit_console_encoding():
        sys.stderr.write(ENCODING_HINT + "\n")  # before anything runs: nothing half-done, no \uXXXX
        sys.exit(ExitCode.USER)
    was_devnull = _stdout_is_devnull()
    try:
        if os.environ.get("SL_DEBUG"):
            app()
            return
        try:
            try:
                app()
            finally:
                sys.stdout.flush()  # buffered output meets a full disk (or a closed pipe) here, not at exit
        except SystemExit as exc:
            if exc.code == 1 and (_click_saw_closed_pipe() or (not was_devnull and _stdout_is_devnull())):
                raise BrokenPipeError from None
            raise
        except (BrokenPipeError, UnicodeEncodeError):
            raise
        except OSError as exc:
            if _closed_pipe(exc):
                raise BrokenPipeError from exc
            error = _output_error(exc)
            if error is None:
                _internal_error(exc)
            _quiet_stdout()
            print(f"错误：{error.message}", *[f"  {line}" for line in error.details], sep="\n", file=sys.stderr)
            sys.exit(error.exit_code)
        except Exception as exc:
            _internal_error(exc)
    except BrokenPipeError:  # `sl deputy list | head -1`: the reader has all it wants; end quietly, exit 0
        _quiet_stdout()
        sys.exit(ExitCode.OK)
    except UnicodeEncodeError as exc:  # a console that cannot show Chinese, else a bug
        if _holds(exc.encoding, "中文"):
            _internal_error(exc)
        _quiet_stdout()
        sys.stderr.write(ENCODING_HINT + "\n")
        sys.exit(ExitCode.USER)


ENCODING_HINT = ("sl: this console cannot display Chinese. Set a UTF-8 locale (e.g. LANG=zh_CN.UTF-8, "
                 "or PYTHONIOENCODING=utf-8; on Windows: chcp 65001) and try again.")


def _internal_error(exc: Exception) -> None:
    """A bug, not bad input: say so briefly, no traceback."""
    print(_internal_message(exc), file=sys.stderr)
    sys.exit(ExitCode.INTERNAL)


def _internal_message(exc: BaseException) -> str:
    return f"内部错误：{type(exc).__name__}: {exc}（设置环境变量 SL_DEBUG=1 可查看详细信息）"


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _stdout_is_devnull() -> bool:
    """rich, on a closed pipe, points stdout at devnull and exits 1: that is how its exit is told apart."""
    try:
        a, b = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _click_saw_closed_pipe() -> bool:
    """click ends a command whose stdout pipe closed with exit 1, after wrapping stdout in its
    (Pacify|_Pacify)FlushWrapper: the name differs between click versions."""
    return type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper"


def _closed_pipe(exc: OSError) -> bool:
    """Windows reports a closed pipe on stdout as OSError EINVAL (22), not BrokenPipeError."""
    import errno

    return exc.errno in (errno.EPIPE, errno.EINVAL) and _stdout_broken()


def _stdout_broken() -> bool:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _fit_console_encoding() -> bool:
    """Output redirected to a file or pipe is written in UTF-8 when the locale's encoding cannot hold all
    sl prints (✓, •, Chinese): a Chinese Windows gives cp936 (GBK), which lacks ✓. A console keeps its
    encoding (Windows writes to it in Unicode); one that shows Chinese but not ✓ gets “?” for it.
    PYTHONIOENCODING, when set, is the user's choice. False when stdout or stderr cannot show Chinese."""
    import codecs

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            encoding = codecs.lookup(stream.encoding or "ascii").name
            if encoding in ("utf-8", "utf-16", "utf-32", "gb18030"):
                continue
            if not stream.isatty() and not os.environ.get("PYTHONIOENCODING"):
                stream.reconfigure(encoding="utf-8")  # as csv on stdout is promised: plain UTF-8
                continue
            if not _holds(encoding, "中文"):
                return False
            if not _holds(encoding, "✓•…"):
                stream.reconfigure(errors="replace")
        except (OSError, ValueError, LookupError):
            continue
    return True


def _holds(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
