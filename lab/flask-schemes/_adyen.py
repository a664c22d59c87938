"""Adyen notification signing, shared by the batch receivers (fault and fix alike).

Adyen signs eight fields of each NotificationRequestItem joined by ":" with
HMAC-SHA256 under the hex-decoded key; the base64 signature travels in the item's
additionalData.hmacSignature.
"""
import base64
import hashlib
import hmac
import os

ADYEN_KEY = bytes.fromhex(os.environ["LAB_ADYEN_KEY"])
# The L1 lab test turns dedupe off: without the secret, sigprobe can only resend the
# sample's own item, which a receiver that remembers references refuses.
DEDUPE = os.environ.get("LAB_ADYEN_DEDUPE", "1") != "0"
seen_references = set()


def _text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def signed_string(item: dict) -> str:
    amount = item.get("amount") or {}
    fields = [
        item.get("pspReference"),
        item.get("originalReference"),
        item.get("merchantAccountCode"),
        item.get("merchantReference"),
        amount.get("value"),
        amount.get("currency"),
        item.get("eventCode"),
        item.get("success"),
    ]
    return ":".join(_text(field) for field in fields)


def item_is_signed(item: dict) -> bool:
    given = (item.get("additionalData") or {}).get("hmacSignature", "")
    mac = hmac.new(ADYEN_KEY, signed_string(item).encode(), hashlib.sha256).digest()
    expected = base64.b64encode(mac).decode()
    return hmac.compare_digest(expected.encode(), str(given).encode())


def items_of(payload) -> list:
    entries = payload.get("notificationItems") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or not entries:
        return []
    items = [entry.get("NotificationRequestItem") for entry in entries if isinstance(entry, dict)]
    return items if all(isinstance(item, dict) for item in items) else []


def first_time(reference) -> bool:
    """Adyen may deliver a notification more than once: handle each reference once."""
    if not DEDUPE:
        return True
    if reference in seen_references:
        return False
    seen_references.add(reference)
    return True
