"""Verification codes: unguessable, easy to read aloud and to type.

A code is 20 symbols of Crockford's base-32 alphabet (100 random bits), shown in five groups
of four: ``7K3M-Q9XD-2HRT-B8WN-FA4C``. The alphabet has no I, L, O or U, so nothing looks
alike; reading is forgiving: case, spaces and hyphens do not matter, and O, I and L are read
as 0, 1 and 1.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\u2010\u2011\u2012\u2013\u2014\t")


def code_new() -> str:
    """A fresh code in its stored form (no hyphens)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalise(text: str) -> str | None:
    """The stored form of what someone typed or scanned, or None when it cannot be a code."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    code = text.translate(_SEPARATORS).upper().translate(_LOOKALIKES)
    if len(code) != LENGTH or any(symbol not in ALPHABET for symbol in code):
        return None
    return code


def code_display(code: str) -> str:
    """The grouped form printed on certificates and shown on screens."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
