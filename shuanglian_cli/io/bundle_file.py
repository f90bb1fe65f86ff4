"""The bundle file: a short clear header (magic, format, sender, receiver, salt, nonce) and the
payload, compressed JSON, encrypted with AES-256-GCM under a key derived from the pair's passphrase
with scrypt (fixed parameters). The header is the associated data, so sender, receiver and format
cannot be changed without the file failing to open. Never home-made cryptography: `cryptography`.

A wrong passphrase, a changed byte or a cut-off file all fail authentication: UserError, nothing
written."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import zlib
from pathlib import Path

from shuanglian_cli.errors import UserError

MAGIC = b"SLBUNDLE\n"
FORMAT = 1  # the highest bundle format this sl writes and reads
# scrypt: 2**15 x 8 x 1 (about 32 MB and a few tens of ms); fixed: a reader derives the same key
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@functools.lru_cache(maxsize=64)
def derive_key(passphrase: str, salt: bytes) -> bytes:
    """One derivation per passphrase and salt in a process (a peer's salt is fixed per pair)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def new_salt() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")


def write_bundle(path: Path, *, sender: str, receiver: str, fmt: int, salt: str, passphrase: str,
                 payload: dict) -> bytes:
    """Encrypt and write atomically; returns the file's bytes' SHA-256 of the plaintext."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from shuanglian_cli.io.atomic import atomic_write

    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(plain).hexdigest()
    nonce = os.urandom(12)
    header = json.dumps({"format": fmt, "sender": sender, "receiver": receiver, "salt": salt,
                         "nonce": base64.b64encode(nonce).decode("ascii"), "sha256": digest},
                        sort_keys=True).encode("ascii")
    aad = MAGIC + header
    body = AESGCM(derive_key(passphrase, base64.b64decode(salt))).encrypt(nonce, zlib.compress(plain, 6), aad)
    data = MAGIC + header + b"\n" + body
    with atomic_write(path, "数据包") as tmp:
        tmp.write_bytes(data)
    return digest


def read_header(path: Path) -> dict:
    return _split(path, _read(path))[0]


def _read(path: Path) -> bytes:
    """The bundle file's bytes; a missing or unreadable file said as such."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(f"找不到数据包文件 {path}") from None
    except OSError as exc:
        raise UserError(f"无法读取数据包文件 {path}：{exc.strerror}") from None


def _split(path: Path, data: bytes) -> tuple[dict, bytes, bytes]:
    if not data.startswith(MAGIC):
        raise UserError(f"{path} 不是 sl 数据包文件（可能选错了文件）")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise UserError(f"数据包 {path} 不完整（文件被截断）")
    raw = data[len(MAGIC):end]
    try:
        header = json.loads(raw.decode("ascii"))
        for key in ("format", "sender", "receiver", "salt", "nonce", "sha256"):
            header[key]  # noqa: B018
    except (ValueError, KeyError, UnicodeDecodeError):
        raise UserError(f"数据包 {path} 的文件头已损坏") from None
    return header, raw, data[end + 1:]


def read_bundle(path: Path, passphrase: str) -> tuple[dict, dict]:
    """(header, payload); UserError for a wrong passphrase, a tampered or truncated file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, raw, body = _split(path, _read(path))
    if not isinstance(header["format"], int) or header["format"] > FORMAT:
        raise UserError(f"数据包 {path} 的格式版本为 {header['format']}，本工具只支持到 {FORMAT}；请升级 sl")
    try:
        key = derive_key(passphrase, base64.b64decode(header["salt"]))
        packed = AESGCM(key).decrypt(base64.b64decode(header["nonce"]), body, MAGIC + raw)
        plain = zlib.decompress(packed)
    except (InvalidTag, ValueError, zlib.error):
        raise UserError(f"无法打开数据包 {path}：口令不对，或文件已被改动或不完整",
                        ["请核对与对方约定的口令；文件在传送中损坏的，请对方重新生成"]) from None
    if hashlib.sha256(plain).hexdigest() != header["sha256"]:
        raise UserError(f"数据包 {path} 的内容校验不符（文件已被改动）")
    return header, json.loads(plain)
