"""The registry of document kinds: a kind's name (its template's file name, referral -> referral.docx), its
Chinese title, the names its template may use (each with a one-line Chinese description), the function
that builds its default template, and the context builder that gathers its documents (Doc: file name and
what the template is given). A new kind is one module in this package (defining KIND) and one line in
KINDS. docs/documents.md is generated from here (cog)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shuanglian_cli.errors import UserError

# name -> the module defining KIND; the order of `sl doc template` and docs/documents.md
KINDS: dict[str, str] = {
    "referral": "shuanglian_cli.services.documents.referral",
    "chase": "shuanglian_cli.services.documents.chase",
    "notice": "shuanglian_cli.services.documents.notice",
    "bulletin": "shuanglian_cli.services.documents.bulletin",
    "archive": "shuanglian_cli.services.documents.archive",
}

# names every template may use, whatever its kind (services/documents/output.py: common_context)
COMMON_NAMES: dict[str, str] = {
    "title": "文书名称，如 交办单",
    "office": "发文机关：配置 forms.unit，未配置时为“某县人大常委会”",
    "county": "县区名称",
    "date": "成文日期，如 2026年11月29日",
    "office_phone": "发文机关联系电话：配置 forms.phone",
    "clerk": "经办人：配置 forms.filled_by",
}


@dataclass(frozen=True)
class Doc:
    """One document of a batch: its default file name (without folder) and what its template is given."""
    file_name: str
    context: dict[str, Any]


@dataclass(frozen=True)
class DocKind:
    name: str
    title: str
    names: dict[str, str]  # the kind's own names -> one-line Chinese description
    build_template: Callable[[], Any]  # -> io.documents.layout.OfficialDocument, the default template
    # the context builder: (db, config, calendar, **the command's options) -> list[Doc], one per document
    build: Callable[..., list[Doc]] | None = None
    # a list name -> its items' fields (name -> description): item.content in a {%tr for item in items %}
    fields: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def allowed(self) -> dict[str, str]:
        """Every top-level name a template of this kind may use."""
        return {**COMMON_NAMES, **self.names}


def kind(name: str) -> DocKind:
    if name not in KINDS:
        raise UserError(f"没有名为“{name}”的文书", [f"可用的文书：{'、'.join(KINDS)}"])
    return importlib.import_module(KINDS[name]).KIND


def all_kinds() -> list[DocKind]:
    return [kind(name) for name in KINDS]


def markdown() -> str:
    """docs/documents.md's body: every name each template may use."""
    lines = ["## 所有文书通用的名称", "", "| 名称 | 含义 |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in COMMON_NAMES.items()]
    for k in all_kinds():
        lines += ["", f"## {k.title}（`sl doc {k.name}`，模板文件 `{k.name}.docx`）", "",
                  "| 名称 | 含义 |", "|---|---|"]
        lines += [f"| `{name}` | {text} |" for name, text in k.names.items()]
        for list_name, fields in k.fields.items():
            lines += ["", f"`{list_name}` 的每一项（如 `{{%tr for item in {list_name} %}}` 中的 `item`）：", "",
                      "| 名称 | 含义 |", "|---|---|"]
            lines += [f"| `item.{name}` | {text} |" for name, text in fields.items()]
    return "\n".join(lines)
