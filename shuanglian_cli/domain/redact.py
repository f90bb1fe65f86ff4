"""Masking phone numbers and ID numbers inside people's words (a published copy keeps the words, not
the numbers). Pure text, no I/O."""

from __future__ import annotations

import re

# an 18-digit resident ID (last character may be X); not part of a longer run of digits
_ID_NUMBER = re.compile(r"(?<![0-9０-９])[1-9１-９](?:[0-9０-９][ \-]?){16}[0-9０-９Xx](?![0-9０-９A-Za-z])")
# a mobile, written whole or as 3-4-4 with spaces or dashes, optionally after +86
_MOBILE = re.compile(r"(?<![0-9０-９])(?:\+?86[ \-]?)?1[3-9][0-9]{1}[ \-]?[0-9]{4}[ \-]?[0-9]{4}(?![0-9])")
# a landline with its area code (0533-1234567, 0533 12345678); a bare 7-8 digit number only after a word
# saying it is a phone (an amount such as 2000000元 stays)
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}[ \-]?[2-9][0-9]{6,7}(?![0-9])")
_LOCAL = re.compile(r"(电话|手机|座机|号码|联系|[Tt]el|TEL)([:：\s]*)([2-9][0-9]{6,7})(?![0-9])")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _stars(match: re.Match) -> str:
    digits = [c for c in match.group(0) if c.isalnum()]
    keep_head, keep_tail = (3, 2) if len(digits) > 12 else (3, 4) if len(digits) >= 11 else (0, 0)
    masked = digits[:keep_head] + ["*"] * (len(digits) - keep_head - keep_tail) + digits[len(digits) - keep_tail:]
    return "".join(masked)


def redact_numbers(text: object) -> object:
    """`text` with 18-digit ID numbers and phone numbers masked (138*****5678 style); anything not a
    string is returned as it is."""
    if not isinstance(text, str) or not any(c.isdigit() for c in text):
        return text
    text = text.translate(_FULL_DIGITS)
    text = _ID_NUMBER.sub(_stars, text)
    text = _MOBILE.sub(_stars, text)
    text = _LANDLINE.sub(_stars, text)
    return _LOCAL.sub(lambda m: m.group(1) + m.group(2) + "*" * len(m.group(3)), text)
