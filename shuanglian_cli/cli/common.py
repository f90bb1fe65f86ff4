"""Compatibility during the issue-11 refactor: the names cli/common.py used to define, now in
cli/options.py, cli/state.py, cli/render.py and cli/progress.py. New code imports from those."""

from shuanglian_cli.cli.options import (  # noqa: F401
    FORMAT_HELP,
    OutputFormat,
    as_of_option,
    format_option,
)
from shuanglian_cli.cli.progress import progress_bar  # noqa: F401
from shuanglian_cli.cli.render import (  # noqa: F401
    echo_json,
    echo_json_rows,
    is_terminal,
    ok,
    render,
    render_fast,
    render_record,
    stderr_console,
    stdout_console,
    warn,
)
from shuanglian_cli.cli.state import AppState, current_command_name, state, today_or  # noqa: F401


def county_option():
    """The old factory of --county (now options.CountyOpt), for code written before the split."""
    from shuanglian_cli.cli.options import CountyOpt

    return CountyOpt.__metadata__[0]
