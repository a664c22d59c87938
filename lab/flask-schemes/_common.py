"""Helpers shared by the scheme lab receivers: HMAC, constant-time compare, dedupe."""
import hashlib
import hmac
import os
import sys

# The foundation's lab server (port 0, LISTENING line) is shared, not copied.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "flask"))
from _labserver import SECRET, run  # noqa: E402,F401

seen_ids = set()


def hex_hmac(message: bytes, digest=hashlib.sha256) -> str:
    return hmac.new(SECRET, message, digest).hexdigest()


def equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def first_delivery(event) -> bool:
    """Idempotency on the event id, as vendors ask receivers to do."""
    key = event.get("id") if isinstance(event, dict) else None
    if key is None:
        return True
    if key in seen_ids:
        return False
    seen_ids.add(key)
    return True
