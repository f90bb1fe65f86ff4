"""`--out FILE` on every command that takes --format, added in one pass over the command tree (cli/app.py),
so no command module needs its own: the path is kept in the app state and honoured by cli/render.py's
render functions, which then write the .xlsx/.csv file instead of printing.

--out alone writes what the table shows (Chinese headers); with --format csv or json the file carries
the machine form (English keys, ISO dates, true/false)."""

import functools

import click

OUT_HELP = "写入文件而不显示：.xlsx（Excel）或 .csv（带 BOM，Excel 可直接打开），按扩展名决定"


def add_out_option(command: click.Command) -> None:
    for sub in getattr(command, "commands", {}).values():
        add_out_option(sub)
    names = {p.name for p in command.params}
    if "fmt" not in names or "out" in names or command.callback is None:
        return
    command.params.append(click.Option(["--out"], metavar="FILE", default=None, help=OUT_HELP))
    command.callback = _honouring_out(command.callback)


def _honouring_out(callback):
    @functools.wraps(callback)
    def run(*args, out=None, **kwargs):
        if out is not None:
            from shuanglian_cli.cli.state import AppState
            from shuanglian_cli.io.listing_file import check_out_path

            path = check_out_path(out)
            root = click.get_current_context().find_root()
            if not isinstance(root.obj, AppState):
                root.obj = AppState()
            root.obj.extras.update(out=path, out_sheets=[])
            if str(getattr(kwargs.get("fmt"), "value", kwargs.get("fmt"))).lower() == "json":
                kwargs["fmt"] = "csv"  # a file of rows: json's records become the csv/xlsx rows
        result = callback(*args, **kwargs)
        if out is not None and not root.obj.extras.get("out_sheets"):
            # the command's screen form is a sentence, not a table: say so rather than pass it by silently
            from shuanglian_cli.errors import UserError

            raise UserError(f"未写入 {out}：这个命令在表格形式下只显示文字，没有表格可写入",
                            [f"加 --format csv 即可写入：--format csv --out {out}"])
        return result

    return run
