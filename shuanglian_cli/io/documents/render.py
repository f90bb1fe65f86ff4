"""Rendering a Word template with docxtpl, in Jinja's sandboxed environment: a template is an office's own
file, so it may read the names it is given and nothing else (no attribute of Python's internals, no
imports). A template that uses a name `sl` does not give is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

from shuanglian_cli.errors import UserError


def _environment():
    from jinja2.sandbox import SandboxedEnvironment

    # autoescape: people's words (& and < included) reach Word's XML as text, never as markup
    return SandboxedEnvironment(autoescape=True)


class Template:
    """One template file, read once and rendered for each document of a batch."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = Path(path)
        self.label = label  # 模板 path, for messages
        try:
            self.data = self.path.read_bytes()
        except OSError as exc:
            raise UserError(f"无法读取模板 {self.path}：{exc.strerror or exc}") from None
        self._open()  # a file that is no .docx is said now, before anything else

    def _open(self):
        import io
        import zipfile

        from docx.opc.exceptions import PackageNotFoundError
        from docxtpl import DocxTemplate

        try:
            tpl = DocxTemplate(io.BytesIO(self.data))
            tpl.init_docx()
        except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
            raise UserError(f"模板 {self.path} 不是有效的 Word 文档（.docx）", [str(exc)]) from None
        return tpl

    def undeclared(self) -> set[str]:
        """The names the template uses without defining them itself."""
        from jinja2 import TemplateSyntaxError

        try:
            return set(self._open().get_undeclared_template_variables(_environment()))
        except TemplateSyntaxError as exc:
            raise UserError(f"模板 {self.path} 有语法错误：{exc.message}",
                            ["占位符写作 {{ 名称 }}，循环写作 {%tr for item in items %} … {%tr endfor %}"]) from None

    def check_names(self, allowed: dict[str, str]) -> None:
        """Refuse a template that uses a name not in `allowed` (name -> Chinese description)."""
        unknown = sorted(self.undeclared() - set(allowed))
        if unknown:
            raise UserError(
                f"模板 {self.path} 使用了 sl 不提供的名称：{'、'.join(unknown)}",
                ["可用的名称：", *[f"  {name}：{text}" for name, text in allowed.items()],
                 "未写入任何文件"],
            )

    def render_to(self, context: dict, target: Path) -> None:
        """Render with `context` and write `target` atomically."""
        from jinja2 import TemplateError
        from jinja2.sandbox import SecurityError

        from shuanglian_cli.io.atomic import atomic_write

        tpl = self._open()
        try:
            tpl.render(context, _environment(), autoescape=True)
        except SecurityError as exc:
            raise UserError(f"模板 {self.path} 试图使用不允许的操作：{exc}") from None
        except TemplateError as exc:
            raise UserError(f"模板 {self.path} 无法生成文书：{exc}") from None
        with atomic_write(target, "文书") as tmp:
            tpl.save(tmp)
