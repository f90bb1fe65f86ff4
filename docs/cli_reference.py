"""The command reference in docs/cli.md, generated from the Typer app by cog:

    cog -r docs/cli.md        # regenerate after changing a command, an option or a help text
    cog --check docs/cli.md   # what CI runs: fails when docs/cli.md is out of date

Every command and sub-command's help page, exactly as `sl ... --help` prints it, at a fixed width so
the file does not depend on the terminal that generated it.
"""

from __future__ import annotations

WIDTH = 80  # click's own cap on help text: what a clerk's terminal shows


def commands():
    """(path, command, context) for the root and every visible command under it, in help order."""
    import click
    import typer.main

    from shuanglian_cli.cli.app import app

    root = typer.main.get_command(app)
    ctx = root.make_context("sl", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH)

    def walk(command, ctx, path):
        yield path, command, ctx
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is None or sub.hidden:
                    continue
                yield from walk(sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True), (*path, name))

    yield from walk(root, ctx, ("sl",))


def _summary(command) -> str:
    """The help's first line (click's own short help cuts Chinese, which has no spaces, to "...")."""
    text = (command.short_help or command.help or "").strip()
    return text.replace("\b\n", "").splitlines()[0].strip() if text else ""


def reference() -> str:
    """The Markdown body: a contents list, then one section per command with its help page."""
    pages = [(" ".join(path), command, ctx) for path, command, ctx in commands()]
    out = ["## 目录\n"]
    for name, command, _ in pages:
        depth = name.count(" ")
        summary = _summary(command) if depth else ""
        out.append(f"{'  ' * max(depth - 1, 0)}- `{name}`" + (f"：{summary}" if summary else ""))
    out.append("")
    for name, command, ctx in pages:
        out.append(f"## `{name}`\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(out)
