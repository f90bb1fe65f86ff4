"""One meaning for each setting: personal data is unmasked only by --reveal, each time logged and said;
the retired `privacy: reveal` key is ignored with a one-line notice."""


import openpyxl

from shuanglian_cli.config import parse_config
from tests.conftest import Sl, one, value

AS_OF = "2026-11-20"


def _person(db):
    row = one(db,
        "SELECT c.id, c.name, c.phone, a.activity_id FROM constituents c "
        "JOIN activity_constituents a ON a.constituent_id = c.id "
        "WHERE length(c.phone) = 11 AND (SELECT count(*) FROM constituents o WHERE o.name = c.name) = 1 LIMIT 1"
    )
    return row


def _reveals(db) -> int:
    return value(db, "SELECT count(*) FROM audit_log WHERE action = 'reveal'")


def test_config_with_privacy_reveal_is_ignored_with_one_notice(demo, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("operator: 王芳\nprivacy:\n  reveal: true\n", encoding="utf-8")
    sl = Sl(demo.db, config)
    cid, name, phone, activity = _person(demo.db)
    listing = sl.ok("constituent", "list", "--county", "yiyuan", "-f", "csv")
    assert phone not in listing.stdout and phone[-4:] in listing.stdout
    notices = [line for line in listing.stderr.splitlines() if "privacy" in line]
    assert len(notices) == 1 and "不再生效" in notices[0] and "--reveal" in notices[0]
    assert phone not in sl.ok("constituent", "show", str(cid)).output
    assert phone not in sl.ok("record", "show", str(activity), "-f", "json").output
    out = tmp_path / "q.xlsx"
    sl.ok("export", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", AS_OF, "--out", out)
    cells = {str(c.value) for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows() for c in row}
    assert not any(phone in c for c in cells)
    assert _reveals(demo.db) == 0


def test_parse_config_drops_the_key_and_keeps_the_rest():
    cfg = parse_config("privacy:\n  reveal: true\noperator: 王芳\n", "config.yaml")
    assert cfg.get("privacy") is None and cfg.get("operator") == "王芳"
    assert len(cfg.notices) == 1
    assert parse_config("operator: 王芳\n").notices == []


def test_example_config_has_no_privacy_key():
    from pathlib import Path

    import yaml

    example = Path(__file__).parent.parent / "config.example.yaml"
    assert "privacy" not in yaml.safe_load(example.read_text(encoding="utf-8"))
    assert parse_config(example.read_text(encoding="utf-8")).notices == []


def test_unmasked_output_always_says_so(demo, tmp_path):
    cid, name, phone, activity = _person(demo.db)
    for args in (("constituent", "list", "--county", "yiyuan", "--reveal"),
                 ("constituent", "list", "--county", "yiyuan", "--reveal", "-f", "json"),
                 ("constituent", "show", str(cid), "--reveal"),
                 ("record", "show", str(activity), "--reveal"),
                 ("record", "show", str(activity), "--reveal", "-f", "json")):
        result = demo.ok(*args)
        assert phone in result.stdout, args
        assert "未脱敏" in result.stderr, args
    masked = demo.ok("constituent", "list", "--county", "yiyuan")
    assert "未脱敏" not in masked.output
    out = tmp_path / "q.xlsx"
    result = demo.ok("export", "quarter", "2026Q3", "--county", "yiyuan", "--as-of", AS_OF, "--out", out, "--reveal")
    assert "未脱敏" in result.output
    cells = [str(c.value) for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows() for c in row]
    assert any("--reveal" in c for c in cells)  # the file itself says it is unmasked
    assert "未脱敏" in demo.ok("audit", "--reveal", "--limit", "5").stderr
