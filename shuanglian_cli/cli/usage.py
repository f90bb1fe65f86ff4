"""Click's usage errors (missing option, unknown option, bad value, unknown command) told in Chinese.

Click words these in English and Typer cannot translate them, so the root group (cli/app.py) catches
every click.UsageError and prints `describe(exc)` plus a Chinese usage line instead; `adapt` is
applied to the whole command tree when it is built (Chinese -h/--help).
"""


import re

import click

HELP_OPTION_HELP = "显示帮助并退出"


def describe(exc: click.UsageError) -> str:
    """One Chinese sentence saying what is wrong with the command line."""
    if isinstance(exc, click.MissingParameter):
        if exc.param is not None:
            return f"缺少必填{'选项' if isinstance(exc.param, click.Option) else '参数'} {_name(exc.param)}"
        return f"缺少必填参数 {_hint(exc.param_hint)}"
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项 {exc.option_name}" + _did_you_mean(exc.possibilities)
    if isinstance(exc, click.BadParameter):
        name = _name(exc.param) if exc.param is not None else _hint(exc.param_hint)
        why = _why(exc)
        return f"{name} 的取值无效：{why}" if name else f"取值无效：{why}"
    message = exc.message
    command = getattr(exc, "command_name", None) or _quoted(message, r"No such command ")
    if command is not None:
        possibilities = getattr(exc, "possibilities", None)
        if possibilities is None and exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
            from difflib import get_close_matches

            possibilities = get_close_matches(command, exc.ctx.command.list_commands(exc.ctx))
        return f"没有命令 {command}" + _did_you_mean(possibilities)
    option = getattr(exc, "option_name", None) or _quoted(message, r"Option ")
    if option is not None and "does not take a value" in message:
        return f"选项 {option} 不接受取值"
    if option is not None and "requires" in message:
        return f"选项 {option} 后面缺少取值"
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return f"多余的参数：{extra.group(1)}"
    if message.startswith("Missing command"):
        return "缺少子命令"
    return message


def usage_lines(ctx: click.Context | None) -> list[str]:
    """`用法：sl suggestions add [选项]` and where to find the help, for the command that failed."""
    if ctx is None:
        return []
    pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
    pieces = pieces.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令").replace("[ARGS]", "[参数]")
    lines = [f"用法：{ctx.command_path} {pieces}".rstrip()]
    names = ctx.help_option_names
    if names:
        lines.append(f"运行 {ctx.command_path} {max(names, key=len)} 查看帮助")
    return lines


def adapt(command: click.Command) -> None:
    """Give `command` and everything under it a help option that says 显示帮助并退出, and make every
    usage error know the command it happened in (click's option parser raises some without), so the
    usage line can name it."""
    get_help_option, parse_args = command.get_help_option, command.parse_args

    def chinese_help_option(ctx: click.Context):
        option = get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def parse_args_in_context(ctx: click.Context, args: list[str]):
        try:
            return parse_args(ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise

    command.get_help_option = chinese_help_option
    command.parse_args = parse_args_in_context
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
    for sub in getattr(command, "commands", {}).values():
        adapt(sub)


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or param.opts)[0]
    return param.human_readable_name


def _hint(hint) -> str:
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(hint)


def _quoted(message: str, prefix: str) -> str | None:
    found = re.match(prefix + r"(['\"])(.*?)\1", message)
    return found.group(2) if found else None


def _did_you_mean(possibilities) -> str:
    return f"（是否想用 {'、'.join(possibilities)}？）" if possibilities else ""


def _why(exc: click.BadParameter) -> str:
    """Why the value was refused, from the parameter's type (click's message names the value)."""
    kind = exc.param.type if exc.param is not None else None
    found = re.match(r"(.*?) is not ", exc.message)
    value = found.group(1).strip("'\"") if found else None
    shown = f"{value}，" if value is not None else ""
    if isinstance(kind, click.Choice):
        return f"{shown}可选 {'、'.join(str(c) for c in kind.choices)}"
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        return f"{shown}须{_range(kind)}"
    if isinstance(kind, click.types.IntParamType):
        return f"{shown}须为整数"
    if isinstance(kind, click.types.FloatParamType):
        return f"{shown}须为数字"
    if isinstance(kind, click.types.BoolParamType):
        return f"{shown}须为 true 或 false"
    return exc.message


def _range(kind) -> str:
    number = "整数" if isinstance(kind, click.types.IntParamType) else "数"
    low = None if kind.min is None else f"{'大于' if kind.min_open else '不小于'} {kind.min}"
    high = None if kind.max is None else f"{'小于' if kind.max_open else '不大于'} {kind.max}"
    bounds = "、".join(p for p in (low, high) if p)
    return f"为{bounds} 的{number}" if bounds else f"为{number}"


# The headings of click's and typer's help pages go through gettext's `_`; these modules look `_` up
# at call time, so a small table is enough to show them in Chinese (no .mo catalogue to ship).
_HEADINGS = {
    "Usage:": "用法:", "Options": "选项", "Commands": "命令", "Arguments": "参数", "Aborted!": "已取消。",
    "required": "必填", "default: {default}": "默认：{default}", "env var: {var}": "环境变量：{var}",
}


def _translate(text: str) -> str:
    return _HEADINGS.get(text, text)


def chinese_headings() -> None:
    import click.core
    import click.formatting
    import typer.core

    for module in (click.core, click.formatting, typer.core):
        module._ = _translate
