"""Helpers shared by the scheme lab receivers: HMAC, constant-time compare, dedupe."""
import hashlib
import hmac

from _labserver import SECRET

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
