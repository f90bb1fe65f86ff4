"""Hybrid logical clocks: which of two edits made on different offices' machines is the later one.

A clock is an integer: wall-clock milliseconds times 1000 plus a counter, never going back on one
site and moved past every clock a site receives, so an offline machine with a wrong wall clock still
orders its own edits after what it has seen. Ties are broken by the site's code."""

from __future__ import annotations

Stamp = tuple[int, str]  # (hlc, site)


def later(a: Stamp, b: Stamp) -> bool:
    """Whether edit `a` wins over edit `b` (last writer wins)."""
    return (a[0], a[1] or "") > (b[0], b[1] or "")


def received(local: int, remote: int) -> int:
    """The site's clock after receiving a clock from another site."""
    return max(local, remote)
