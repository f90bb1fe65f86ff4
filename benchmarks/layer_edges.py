"""Imports between the package's layers: how many module-to-module import edges go from each top-level
part (cli, services, demo, io, store, config, domain, errors) to each other one, and which of them go
the wrong way for .importlinter's contracts (an upward layer edge, store -> io).

    python benchmarks/layer_edges.py                      # this checkout
    python benchmarks/layer_edges.py --code /path/to/old  # another checkout's package, for before/after

Edges are counted once per (importing module, imported module), whatever the number of import lines.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ORDER = ("__main__", "cli", "services", "demo", "io", "store", "config", "domain", "errors")
SIBLINGS = {frozenset({"io", "store"})}  # one layer: may import each other, except store -> io (forbidden)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(package)"


def edges(package: str = "shuanglian_cli") -> collections.Counter:
    import grimp

    graph = grimp.build_graph(package)
    out: collections.Counter = collections.Counter()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = layer(importer), layer(imported)
            if a != b and b != "(package)":
                out[(a, b)] += 1
    return out


def wrong_way(a: str, b: str) -> bool:
    if (a, b) == ("store", "io"):
        return True
    if frozenset({a, b}) in SIBLINGS or a not in ORDER or b not in ORDER:
        return False
    return ORDER.index(b) < ORDER.index(a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="a checkout whose shuanglian_cli to analyse")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    counted = edges()
    print(f"{'from':>10} -> {'to':<8} edges")
    for (a, b), n in sorted(counted.items(), key=lambda kv: (ORDER.index(kv[0][0]) if kv[0][0] in ORDER else 99,
                                                             ORDER.index(kv[0][1]) if kv[0][1] in ORDER else 99)):
        print(f"{a:>10} -> {b:<8} {n:5}" + ("   <- against the layers" if wrong_way(a, b) else ""))
    bad = sum(n for (a, b), n in counted.items() if wrong_way(a, b))
    print(f"{sum(counted.values())} edges between layers, {bad} against the layers")


if __name__ == "__main__":
    main()
