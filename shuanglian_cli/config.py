"""Configuration from YAML. Every key is documented in config.example.yaml.

Where the file comes from: --config, then $SL_CONFIG, then config.yaml in the user's config folder
(when it exists). A broken file is reported with the line and key at fault.

Default folders follow each system's convention (platformdirs, no vendor folder): %LOCALAPPDATA%\\shuanglian
on Windows, $XDG_DATA_HOME/shuanglian (~/.local/share/shuanglian) and $XDG_CONFIG_HOME/shuanglian on Linux.
They are computed at each call, never at import, so a changed HOME (tests, a clerk's second account) counts.
On Windows the database is protected by where it lives: a user's %LOCALAPPDATA% is readable only by that
user, SYSTEM and administrators (the POSIX mode 0600 given at creation does not restrict readers there).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shuanglian_cli.domain.duties import DEFAULT_DUTIES
from shuanglian_cli.domain.escalation import DEFAULT_KINDS, DEFAULT_STEPS
from shuanglian_cli.errors import UserError

APP_NAME = "shuanglian"
# where versions before 0.2 kept them on every system (on Windows: C:\\Users\\NAME\\.local\\share\\...)
LEGACY_DB_PATH = ".local/share/shuanglian/sl.db"
LEGACY_CONFIG_PATH = ".config/shuanglian/config.yaml"
_LEGACY_NOTED = ".sl-legacy-path-noted"  # beside the old file: the note about it is shown once

DEFAULTS: dict[str, Any] = {
    "database": None,
    "operator": None,
    "default_county": None,
    "counties": [],
    "deadlines": {"default": 15, "categories": {"民生微实事": 7}},
    "calendar": {"years": {}, "closures": []},
    "schedule": {"holiday_shift": "next"},
    "quotas": {"group_people": 10, "group_suggestions": 3, "constituents_per_quarter": 1},
    "forms": {"unit": "", "filled_by": "", "reviewed_by": "", "phone": ""},
    # the referral desk (issue 14): escalation ladder, return window, the bodies' score
    "escalation": {"kinds": DEFAULT_KINDS, "steps": DEFAULT_STEPS},
    "returns": {"window_workdays": 3},
    "score": {"weights": {"on_time": 40, "satisfied": 30, "class_a": 20, "returned": -10, "overdue_now": -20},
              "min_referrals": 3},
    "bundle": {"passphrase_files": {}},
    # each deputy's yearly duties (issue 16): what `sl deputy duties` judges
    "duties": DEFAULT_DUTIES,
    "rota": {"min_days_per_year": 1, "min_gap_days": 28, "per_day": 3},  # the duty rota (services/rota.py)
    # sl doc (issue 15): the office's template folder, the referral slips' numbering
    "documents": {"templates": None, "referral_number": "{county}人大交〔{year}〕{n}号", "referral_numbers": {}},
    # likely duplicates and topics (issue 17): None is domain/similarity's shipped lists and threshold
    "similar": {"threshold": None, "synonyms": None, "key_words": None},
}
# keys once documented and now without effect: accepted, ignored, and named in a one-line notice
RETIRED: dict[str, str] = {
    "privacy": "配置项 privacy 已取消，不再生效：群众电话、住址只在命令中加 --reveal 时显示（每次记入审计）",
}

# Every key the code reads, as a path: `*` is any key of a mapping the user fills (a category, a
# year), `[]` any item of a list. config.example.yaml documents each one; tests/test_config_example.py
# holds the two together, so a new key goes here and into the example in the same change.
KNOWN_KEYS = (
    "database", "operator", "default_county",
    "counties[].name", "counties[].short_name", "counties[].slug", "counties[].city",
    "deadlines.default", "deadlines.categories.*",
    "calendar.years.*.confirmed", "calendar.years.*.holidays", "calendar.years.*.workdays", "calendar.closures",
    "schedule.holiday_shift",
    "quotas.group_people", "quotas.group_suggestions", "quotas.constituents_per_quarter",
    "forms.unit", "forms.filled_by", "forms.reviewed_by", "forms.phone",
    "escalation.kinds.*", "escalation.steps[].name", "escalation.steps[].offset", "escalation.steps[].kind",
    "returns.window_workdays",
    "score.weights.on_time", "score.weights.satisfied", "score.weights.class_a", "score.weights.returned",
    "score.weights.overdue_now", "score.min_referrals",
    "bundle.passphrase_files.*",
    "duties[].kind", "duties[].at_least",
    "rota.min_days_per_year", "rota.min_gap_days", "rota.per_day",
    "documents.templates", "documents.referral_number", "documents.referral_numbers.*",
    "similar.threshold", "similar.synonyms", "similar.key_words",
)

# key path -> expected python type(s), for clear messages about a mistyped config
_TYPES: dict[tuple[str, ...], tuple[type, ...]] = {
    ("database",): (str, type(None)),
    ("operator",): (str, type(None)),
    ("default_county",): (str, type(None)),
    ("counties",): (list,),
    ("deadlines",): (dict,),
    ("deadlines", "default"): (int,),
    ("deadlines", "categories"): (dict, type(None)),
    ("calendar",): (dict,),
    ("calendar", "years"): (dict, type(None)),
    ("calendar", "closures"): (list, type(None)),
    ("schedule",): (dict,),
    ("schedule", "holiday_shift"): (str,),
    ("quotas",): (dict,),
    ("forms",): (dict,),
    ("escalation",): (dict,),
    ("escalation", "kinds"): (dict,),
    ("escalation", "steps"): (list,),
    ("returns",): (dict,),
    ("returns", "window_workdays"): (int,),
    ("score",): (dict,),
    ("score", "weights"): (dict,),
    ("score", "min_referrals"): (int,),
    ("bundle",): (dict,),
    ("bundle", "passphrase_files"): (dict, type(None)),
    ("duties",): (list,),
    ("rota",): (dict,),
    ("rota", "min_days_per_year"): (int,),
    ("rota", "min_gap_days"): (int,),
    ("rota", "per_day"): (int,),
    ("documents",): (dict,),
    ("documents", "templates"): (str, type(None)),
    ("documents", "referral_number"): (str,),
    ("documents", "referral_numbers"): (dict, type(None)),
    ("similar",): (dict,),
    ("similar", "threshold"): (float, int, type(None)),
    ("similar", "synonyms"): (list, type(None)),
    ("similar", "key_words"): (list, type(None)),
}
_TYPE_NAMES = {str: "文本", int: "整数", float: "数", list: "列表", dict: "映射", bool: "true/false", type(None): "空"}


@dataclass
class Config:
    data: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    path: Path | None = None
    notices: list[str] = field(default_factory=list)  # retired keys found in the file

    def get(self, *keys: str, default: Any = None) -> Any:
        node: Any = self.data
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def limit_for(self, category: str | None) -> int:
        """Working-day limit for a referral of this category (民生微实事: 7 by default)."""
        categories = self.get("deadlines", "categories") or {}
        if category and category in categories:
            return int(categories[category])
        return int(self.get("deadlines", "default", default=15))

    @property
    def calendar(self):
        from shuanglian_cli.domain.workdays import build_calendar

        return build_calendar(self.get("calendar"))


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _line_of(text: str, keys: tuple[str, ...]) -> int | None:
    import yaml

    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for k, v in node.value:
            if str(k.value) == key:
                line, node = k.start_mark.line + 1, v
                break
        else:
            break
    return line


def parse_config(text: str, source: str = "配置文件") -> Config:
    import yaml

    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(f"{source} {where}不是有效的 YAML：{problem}") from None
    if not isinstance(raw, dict):
        raise UserError(f"{source} 的最外层应当是“键: 值”的映射")
    notices = [f"{source}：{RETIRED[k]}" for k in raw if k in RETIRED]
    raw = {k: v for k, v in raw.items() if k not in RETIRED}
    unknown = [k for k in raw if k not in DEFAULTS]
    if unknown:
        key = str(unknown[0])
        line = _line_of(text, (key,))
        raise UserError(f"{source} 第 {line} 行：未知的配置项“{key}”（可用：{', '.join(DEFAULTS)}）")
    for path, types in _TYPES.items():
        node: Any = raw
        for key in path:
            if not isinstance(node, dict) or key not in node:
                break
            node = node[key]
        else:
            if not isinstance(node, types) or (isinstance(node, bool) and bool not in types):
                line = _line_of(text, path)
                want = "或".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
                raise UserError(f"{source} 第 {line} 行：配置项“{'.'.join(path)}”应为{want}，实际是“{node}”")
    cats = (raw.get("deadlines") or {}).get("categories") or {}
    for name, days in cats.items():
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            line = _line_of(text, ("deadlines", "categories", str(name)))
            raise UserError(f"{source} 第 {line} 行：类别“{name}”的办理时限应为正整数个工作日")
    shift = (raw.get("schedule") or {}).get("holiday_shift")
    if shift is not None and shift not in ("next", "previous", "skip"):
        line = _line_of(text, ("schedule", "holiday_shift"))
        raise UserError(f"{source} 第 {line} 行：schedule.holiday_shift 只能是 next、previous 或 skip")
    _check_desk(text, raw, source)
    _check_duties(text, raw, source)
    cfg = Config(_merge(DEFAULTS, raw), notices=notices)
    if (raw.get("escalation") or {}).get("kinds") is not None:  # the kinds are exactly the ones the file defines
        cfg.data["escalation"]["kinds"] = dict(raw["escalation"]["kinds"])
    if raw.get("calendar"):
        try:
            from shuanglian_cli.domain.workdays import CalendarData, apply_overrides

            apply_overrides(CalendarData(), raw["calendar"])
        except UserError as exc:
            line = _line_of(text, ("calendar",))
            raise UserError(f"{source} 第 {line} 行起（calendar）：{exc.message}") from None
    return cfg


def _check_desk(text: str, raw: dict, source: str) -> None:
    """The escalation ladder in order with known kinds, a whole return window, numeric weights."""
    from shuanglian_cli.domain.escalation import ladder_problem

    esc = raw.get("escalation") or {}
    kinds = esc.get("kinds") if esc.get("kinds") is not None else DEFAULT_KINDS
    problem = ladder_problem(esc.get("steps") or [], kinds) if "steps" in esc else None
    if problem:
        index, why = problem
        line = _item_line(text, ("escalation", "steps"), index) or _line_of(text, ("escalation", "steps"))
        raise UserError(f"{source} 第 {line} 行：催办阶梯 escalation.steps 有误：{why}")
    window = (raw.get("returns") or {}).get("window_workdays")
    if window is not None and (isinstance(window, bool) or window < 0):
        line = _line_of(text, ("returns", "window_workdays"))
        raise UserError(f"{source} 第 {line} 行：returns.window_workdays 应为不小于 0 的整数个工作日")
    for key, value in ((raw.get("score") or {}).get("weights") or {}).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            line = _line_of(text, ("score", "weights", str(key)))
            raise UserError(f"{source} 第 {line} 行：评分权重 score.weights.{key} 应为数字，实际是“{value}”")


def _check_duties(text: str, raw: dict, source: str) -> None:
    """The yearly duties: known kinds, each once, a whole at_least."""
    from shuanglian_cli.domain.duties import duty_problem

    if "duties" not in raw:
        return
    problem = duty_problem(raw["duties"])
    if problem:
        index, why = problem
        line = _item_line(text, ("duties",), index) or _line_of(text, ("duties",))
        raise UserError(f"{source} 第 {line} 行：代表履职要求 duties 有误：{why}")


def _item_line(text: str, keys: tuple[str, ...], index: int) -> int | None:
    """The line of item `index` of the list at `keys`."""
    import yaml

    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if str(k.value) == key), None)
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index].start_mark.line + 1
    return None


def load_config(path: str | os.PathLike | None = None) -> Config:
    explicit = path or os.environ.get("SL_CONFIG")
    candidate = Path(explicit).expanduser() if explicit else default_config_path()
    if not candidate.exists():
        if explicit:
            raise UserError(f"找不到配置文件 {candidate}")
        return Config()
    try:
        text = candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取配置文件 {candidate}：{exc}") from None
    cfg = parse_config(text, f"配置文件 {candidate}")
    cfg.path = candidate
    if cfg.notices:
        import sys

        for notice in cfg.notices:
            print(f"注意：{notice}", file=sys.stderr)
    return cfg


def resolve_db_path(option: str | None, config: Config) -> Path:
    """--db, then $SL_DB, then the config's `database`, then sl.db in the user's data folder."""
    for candidate in (option, os.environ.get("SL_DB"), config.get("database")):
        if candidate:
            return Path(candidate).expanduser()
    return default_db_path()


# -- default locations -----------------------------------------------------------------------------

def app_dirs():
    """platformdirs' folders for sl on this system (appauthor=False: no vendor folder on Windows)."""
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def default_db_path(dirs=None) -> Path:
    """sl.db in the user's data folder, unless only the pre-0.2 location holds one (then that, noted once)."""
    dirs = dirs or app_dirs()
    return _new_or_legacy(Path(dirs.user_data_dir) / "sl.db", LEGACY_DB_PATH, "数据库")


def default_config_path(dirs=None) -> Path:
    """config.yaml in the user's config folder, unless only the pre-0.2 location holds one."""
    dirs = dirs or app_dirs()
    return _new_or_legacy(Path(dirs.user_config_dir) / "config.yaml", LEGACY_CONFIG_PATH, "配置文件")


def _new_or_legacy(new: Path, legacy_relative: str, what: str) -> Path:
    legacy = Path.home() / legacy_relative
    if new == legacy or new.exists() or not legacy.is_file():
        return new
    _note_once(
        legacy.parent / f"{_LEGACY_NOTED}-{legacy.stem}",
        f"提示：{what}仍在原来的位置 {legacy}，继续使用它。"
        f"新的默认位置是 {new}；要改用新位置，把文件移过去即可（或在 --db / 配置文件的 database 中指定）。",
    )
    return legacy


_noted_in_process: set[Path] = set()


def _note_once(marker: Path, message: str) -> None:
    """Print the message on stderr the first time only: a marker file remembers it across runs."""
    import sys

    if marker in _noted_in_process or marker.exists():
        return
    _noted_in_process.add(marker)
    print(message, file=sys.stderr)
    try:
        marker.touch()
    except OSError:
        pass  # a read-only home: the note comes again next time, which is harmless
