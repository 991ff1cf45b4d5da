"""Field encryption at rest: AES-256-GCM with the desk's data key.

A stored value is ``wd1:<key id>:<base64url(nonce || ciphertext || tag)>``: a version
prefix, the id of the key that sealed it (so rotation knows which key opens it), a fresh
random 96-bit nonce per value, and the column's name (``customers.email``) as associated
data, so a ciphertext copied into another column does not open there.

The key comes from ``WALLETDESK_DATA_KEY`` (urlsafe base64 of 32 bytes). In the embedded
default, when it is unset, a key is generated once into ``<data_dir>/data.key`` (mode
0600) and the log says so. Old keys listed in ``WALLETDESK_DATA_KEYS_OLD`` still open
values they sealed; ``walletdesk privacy rekey`` re-seals everything with the current key.

The key ring is process-wide (``configure``): a desk process has one data key, and a
column type cannot reach the settings. Using an encrypted column before ``configure`` is
an error, never a silent plaintext write.

Sealed values cannot be searched (a fresh nonce each time), so a column that must be
found by value gets a blind index beside it: ``HMAC-SHA256`` of the normalised value
under a key derived from the data key (``customers.email_index``). Lookups try the
current and the old keys; ``walletdesk privacy rekey`` rewrites the index too.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from walletdesk.logging import get_logger

if TYPE_CHECKING:
    from walletdesk.config import Settings

VERSION = "wd1"
KEY_FILE = "data.key"
_NONCE_BYTES = 12
log = get_logger("walletdesk.crypto")


class DataKeyError(RuntimeError):
    """The data key is missing, malformed or cannot be stored; the message says which."""


class DecryptionError(RuntimeError):
    """A stored value does not open: sealed with a key we do not hold, or altered."""


def generate_key() -> str:
    """A new data key, in the form ``WALLETDESK_DATA_KEY`` expects."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def parse_key(text: str, source: str) -> bytes:
    raw = text.strip()
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError) as exc:
        raise DataKeyError(f"{source} is not urlsafe base64") from exc
    if len(key) != 32:
        raise DataKeyError(f"{source} must decode to 32 bytes, not {len(key)}")
    return key


def key_id(key: bytes) -> str:
    """A short public name for a key (not a secret: a hash, never the key itself)."""
    return hashlib.sha256(b"walletdesk-data-key:" + key).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    """The current key seals; the current and the old keys open."""

    current: bytes
    old: tuple[bytes, ...] = ()
    _ciphers: dict[str, AESGCM] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for key in (self.current, *self.old):
            if len(key) != 32:
                raise DataKeyError("data keys are 32 bytes")
            self._ciphers.setdefault(key_id(key), AESGCM(key))

    @property
    def current_id(self) -> str:
        return key_id(self.current)

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._ciphers[self.current_id].encrypt(
            nonce, plaintext.encode("utf-8"), context.encode()
        )
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{VERSION}:{self.current_id}:{body}"

    def decrypt(self, stored: str, context: str) -> str:
        version, _, rest = stored.partition(":")
        kid, _, body = rest.partition(":")
        if version != VERSION or not kid or not body:
            raise DecryptionError(f"{context}: not a {VERSION} ciphertext")
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise DecryptionError(
                f"{context}: sealed with data key {kid}, which is neither "
                "WALLETDESK_DATA_KEY nor in WALLETDESK_DATA_KEYS_OLD"
            )
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            plain = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError(
                f"{context}: the value does not open with data key {kid} (altered, or moved "
                "from another column)"
            ) from exc
        return plain.decode("utf-8")

    def blind_index(self, value: str, context: str, key: bytes | None = None) -> str:
        """A stable keyed hash of ``value`` for equality lookups (hex, 64 characters)."""
        secret = hashlib.sha256(b"walletdesk-blind-index:" + (key or self.current)).digest()
        return hmac.new(secret, f"{context}\0{value}".encode(), hashlib.sha256).hexdigest()

    def blind_indexes(self, value: str, context: str) -> list[str]:
        """The index of ``value`` under every key we hold (rows not yet rekeyed match too)."""
        return [self.blind_index(value, context, key) for key in (self.current, *self.old)]

    def is_current(self, stored: str) -> bool:
        return stored.startswith(f"{VERSION}:{self.current_id}:")


_ACTIVE: Keyring | None = None


def configure(keyring: Keyring) -> Keyring:
    global _ACTIVE
    _ACTIVE = keyring
    return keyring


def active() -> Keyring:
    if _ACTIVE is None:
        raise DataKeyError(
            "no data key configured: call store.crypto.configure_from_settings() first"
        )
    return _ACTIVE


def normalise_email(value: str) -> str:
    return value.strip().lower()


def email_index(value: str | None) -> str | None:
    """``customers.email_index`` for an address (None for none)."""
    if value is None or not value.strip():
        return None
    return active().blind_index(normalise_email(value), "customers.email")


def email_indexes(value: str) -> list[str]:
    """What ``customers.email_index`` may hold for an address, under each key we hold."""
    return active().blind_indexes(normalise_email(value), "customers.email")


def _key_file(path: Path) -> bytes:
    """Read the embedded desk's key file, creating it once (0600) when it is missing.
    Two workers starting together agree: the file appears atomically (link), the loser
    reads the winner's key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(generate_key() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            else:
                log.warning(
                    "privacy.data_key_generated",
                    path=str(path),
                    hint="back this file up with the database, or set WALLETDESK_DATA_KEY",
                )
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning("privacy.data_key_readable_by_others", path=str(path), mode=oct(mode))
    return parse_key(path.read_text(encoding="utf-8"), str(path))


def keyring_from_settings(settings: Settings) -> Keyring:
    old = tuple(
        parse_key(part, "WALLETDESK_DATA_KEYS_OLD")
        for part in (
            settings.data_keys_old.get_secret_value() if settings.data_keys_old else ""
        ).split(",")
        if part.strip()
    )
    if settings.data_key is not None:
        current = parse_key(settings.data_key.get_secret_value(), "WALLETDESK_DATA_KEY")
    elif settings.is_sqlite or settings.environment != "production":
        current = _key_file(settings.data_dir / KEY_FILE)
    else:
        raise DataKeyError(
            "set WALLETDESK_DATA_KEY (the same on every worker) when the database is not "
            "the embedded SQLite; `python -c 'from walletdesk.store.crypto import "
            "generate_key; print(generate_key())'` makes one"
        )
    return Keyring(current, old)


def configure_from_settings(settings: Settings) -> Keyring:
    return configure(keyring_from_settings(settings))


class EncryptedText(TypeDecorator[str]):
    """A Text column holding ``wd1:`` ciphertext; Python code sees the plaintext.

    Values written before encryption existed (no ``wd1:`` prefix) are returned as they
    are; ``walletdesk privacy rekey`` seals them."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return active().encrypt(value, self.context)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or not value.startswith(VERSION + ":"):
            return value
        return active().decrypt(value, self.context)
