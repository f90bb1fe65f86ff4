"""Placeholder until its owner fills it in."""

import typer


def register(root: typer.Typer) -> None:
    pass
