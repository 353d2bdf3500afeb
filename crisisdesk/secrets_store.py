"""The one place secrets are read and written: the operating system's keyring.

A database key never goes into the database, the settings file, a log line, an error
message or an export. Where no usable keyring exists (a headless Linux without a Secret
Service), ``KeyringUnavailable`` says so and the caller asks for a passphrase instead;
nothing is ever stored in plain text as a fallback.
"""

from __future__ import annotations

import contextlib
import re
import secrets

import keyring
from keyring.errors import KeyringError

SERVICE = "crisisdesk"
_KEY_BYTES = 32  # 256 bits
_RECOVERY = re.compile(r"^[0-9a-fA-F]{64}$")


class KeyringUnavailable(RuntimeError):
    pass


def _account(database_id: str) -> str:
    return f"database-key:{database_id}"


def usable() -> bool:
    """True when a keyring backend that really keeps secrets is there."""
    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name.lower() or "null" in name.lower():
        return False
    return getattr(backend, "priority", 1) > 0


def database_key(database_id: str) -> str | None:
    """The stored key of a database, or None if this computer has none."""
    try:
        return keyring.get_password(SERVICE, _account(database_id))
    except KeyringError:
        return None


def store_database_key(database_id: str, key_hex: str) -> None:
    if not usable():
        raise KeyringUnavailable("no keyring is available on this computer")
    try:
        keyring.set_password(SERVICE, _account(database_id), key_hex)
    except KeyringError as err:
        raise KeyringUnavailable(
            f"the keyring refused to keep the key ({type(err).__name__})"
        ) from err


def forget_database_key(database_id: str) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, _account(database_id))


def new_key() -> str:
    """A random 256-bit key, as 64 hex digits."""
    return secrets.token_hex(_KEY_BYTES)


def raw_key(key_hex: str) -> str:
    """SQLCipher's form for a key that is used as it is, with no key derivation."""
    return f"x'{key_hex.upper()}'"


def recovery_text(key_hex: str) -> str:
    """The key as a person writes it down: 16 groups of four."""
    key = key_hex.upper()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def from_recovery(text: str) -> str | None:
    """A typed recovery key back to hex, or None if the text is not one (a passphrase)."""
    compact = re.sub(r"[\s-]", "", text)
    return compact.lower() if _RECOVERY.match(compact) else None
