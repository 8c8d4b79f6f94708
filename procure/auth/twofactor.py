"""Two-factor sign-in: TOTP codes (RFC 6238), recovery codes and the setup QR code.

Pure module, no Flask: the services decide what to store, this only computes.
"""
from __future__ import annotations

import hmac
import html
import secrets
from datetime import datetime

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ISSUER = "Procure"
CODE_DIGITS = 6
RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_GROUP = 5  # two groups of five: "k7mxq-2hrtw", about 49 bits
# Recovery codes are random, not chosen by people, so argon2's lightest recommended
# setting (OWASP: 19 MiB, 2 passes) is enough; with the password's setting, checking ten
# codes at sign-in would take seconds.
_recovery_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def new_secret() -> str:
    """A new random TOTP secret in base32 (160 bits), as authenticator apps expect it."""
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four characters, easier to type from the screen."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg(data: str, label: str) -> str:
    """``data`` as a QR code in SVG markup to put straight into a page.

    ``label`` becomes its text alternative (role="img" with an aria-label and a title).
    Only presentation attributes, no style: the page's CSP forbids inline styles.
    """
    code = segno.make(data, error="m")
    svg = code.svg_inline(scale=4, dark="#000", light="#fff", title=label, svgclass="qr-code",
                          lineclass=None)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def time_step(now: datetime, interval: int = 30) -> int:
    """The TOTP time step (RFC 6238 "T") that ``now`` falls in."""
    return int(now.timestamp()) // interval


def normalise_code(code: str) -> str:
    """What a person typed, without spaces or dashes, in lower case."""
    return "".join((code or "").split()).replace("-", "").lower()


def looks_like_totp(code: str) -> bool:
    code = normalise_code(code)
    # isascii: str.isdigit() is also true of other scripts' digits, which no code holds.
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def looks_like_recovery_code(code: str) -> bool:
    """Whether ``code`` has a recovery code's shape: only then is it worth hashing."""
    code = normalise_code(code)
    return len(code) == 2 * _RECOVERY_GROUP and all(c in _RECOVERY_ALPHABET for c in code)


def accepted_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step whose code ``code`` is, if it is one of now's, the one before or after.

    A step at or before ``last_step`` (the last accepted) is refused, so a code works
    once and an older one never after a newer one. None when the code is not right.
    """
    code = normalise_code(code)
    if not looks_like_totp(code):
        return None
    totp = pyotp.TOTP(secret)
    current = time_step(now, totp.interval)
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """``count`` new recovery codes like "k7mxq-2hrtw"."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(2 * _RECOVERY_GROUP))
        codes.append(f"{raw[:_RECOVERY_GROUP]}-{raw[_RECOVERY_GROUP:]}")
    return codes


def hash_recovery_code(code: str) -> str:
    return _recovery_hasher.hash(normalise_code(code))


def recovery_code_matches(code_hash: str, code: str) -> bool:
    """True when ``code`` (typed with or without its dash) is the one hashed."""
    try:
        return _recovery_hasher.verify(code_hash, normalise_code(code))
    except (VerificationError, InvalidHashError):
        return False
