"""Which template a run uses: `--template FILE` for that run, else the office's folder (config
`documents.templates`, a file per kind named like referral.docx), else the default shipped in the package."""

from __future__ import annotations

from pathlib import Path

from shuanglian_cli.errors import UserError
from shuanglian_cli.services.documents.kinds import DocKind


def shipped(name: str) -> Path:
    """The package's default template for kind `name` (package data, installed as a file)."""
    from importlib.resources import files

    return Path(str(files("shuanglian_cli.templates") / f"{name}.docx"))


def office_folder(config) -> Path | None:
    folder = config.get("documents", "templates")
    if not folder:
        return None
    path = Path(str(folder)).expanduser()
    if not path.is_absolute() and config.path is not None:  # relative to the config file, like a clerk expects
        path = Path(config.path).parent / path
    if not path.is_dir():
        raise UserError(f"配置 documents.templates 指向的文件夹不存在：{path}",
                        ["请改正配置，或删去这一项以使用默认模板"])
    return path


def find_template(kind: DocKind, option: str | None, config) -> Path:
    if option:
        path = Path(option).expanduser()
        if not path.is_file():
            raise UserError(f"模板文件不存在：{path}")
        return path
    folder = office_folder(config)
    if folder is not None and (folder / f"{kind.name}.docx").is_file():
        return folder / f"{kind.name}.docx"
    return shipped(kind.name)


def open_template(kind: DocKind, option: str | None, config):
    """The run's template, read and checked: every name it uses is one the kind gives."""
    from shuanglian_cli.io.documents.render import Template

    template = Template(find_template(kind, option, config), kind.title)
    template.check_names(kind.allowed)
    return template


def write_default(kind: DocKind, out: str | None) -> Path:
    """Copy the shipped default template to `out` (a file, or a folder: NAME.docx in it) for the office."""
    from shuanglian_cli.io.atomic import atomic_write

    target = Path(out).expanduser() if out else Path.cwd() / f"{kind.name}.docx"
    if target.is_dir():
        target = target / f"{kind.name}.docx"
    if target.suffix.lower() != ".docx":
        raise UserError(f"模板文件名应以 .docx 结尾：{target}")
    data = shipped(kind.name).read_bytes()
    with atomic_write(target, "模板") as tmp:
        tmp.write_bytes(data)
    return target
