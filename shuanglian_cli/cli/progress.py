"""Progress bars for long imports and exports: rich on a terminal, silent when output is piped."""


import sys

from shuanglian_cli.cli.render import stderr_console


def progress_bar(total: int | None, description: str):
    """A rich progress bar on a terminal; a silent stand-in when output is piped."""
    if not sys.stderr.isatty():
        return _SilentProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(
        TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=stderr_console(), transient=True,
    )
    return _RichProgress(prog, total)


class _SilentProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def advance(self, n: int = 1) -> None:
        pass


class _RichProgress:
    def __init__(self, prog, total):
        self.prog = prog
        self.total = total

    def __enter__(self):
        self.prog.__enter__()
        self.task = self.prog.add_task("", total=self.total)
        return self

    def __exit__(self, *exc):
        return self.prog.__exit__(*exc)

    def advance(self, n: int = 1) -> None:
        self.prog.advance(self.task, n)
