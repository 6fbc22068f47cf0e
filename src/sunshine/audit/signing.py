"""The bureau's Ed25519 key that signs the audit log's daily checkpoints.

The private key lives in a PEM file, ``settings.SUNSHINE["AUDIT_SIGNING_KEY_FILE"]``; it is generated
once, with mode 0600, when missing. Its fingerprint is SHA-256 of the raw 32-byte public key, in hex.
Checkpoints keep the public key they were signed with; the verifier trusts the current key and the
fingerprints listed in ``settings.SUNSHINE["AUDIT_TRUSTED_KEY_FINGERPRINTS"]`` (keys rotated out).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


def key_path() -> Path:
    return Path(settings.SUNSHINE["AUDIT_SIGNING_KEY_FILE"])


def load_private_key(*, create: bool = True) -> Ed25519PrivateKey | None:
    """The signing key; generated (mode 0600, never overwritten) when missing and ``create`` is set."""
    path = key_path()
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key_raw: bytes) -> str:
    return hashlib.sha256(public_key_raw).hexdigest()


def current_fingerprint() -> str:
    return fingerprint(public_raw(load_private_key(create=True)))


def public_key_pem(*, create: bool = True) -> str | None:
    key = load_private_key(create=create)
    if key is None:
        return None
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def sign(message: bytes) -> tuple[str, str, str]:
    """(signature hex, public key hex, fingerprint) for ``message`` under the bureau's key."""
    key = load_private_key(create=True)
    raw = public_raw(key)
    return key.sign(message).hex(), raw.hex(), fingerprint(raw)


def verify_signature(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        public.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True


def trusted_fingerprints() -> set[str]:
    """The current key's fingerprint (when the key file exists) and any configured older ones."""
    trusted = {str(f).lower() for f in settings.SUNSHINE.get("AUDIT_TRUSTED_KEY_FINGERPRINTS", ())}
    key = load_private_key(create=False)
    if key is not None:
        trusted.add(fingerprint(public_raw(key)))
    return trusted
