"""A FastAPI receiver for Adyen notification batches that verifies every item.

Adyen sends several NotificationRequestItems in one delivery, each signed on its own
(HMAC-SHA256 under the hex key, base64, in additionalData.hmacSignature). The tests
run this file (under uvicorn) as a lab target and scan it with `--scheme adyen`; its
`sigprobe-fix:` regions are the snippets sigprobe shows. Key: ADYEN_HMAC_KEY (hex).
"""
# sigprobe-fix: *
import base64
import binascii
import hashlib
import hmac
import json
import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
# sigprobe-fix-end

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
processed_references: set[str] = set()

# sigprobe-fix: verify-every-item
HMAC_KEY = bytes.fromhex(os.environ["ADYEN_HMAC_KEY"])


def signed_string(item: dict) -> str:
    # The eight fields Adyen signs, in its order; a missing field is an empty string.
    amount = item.get("amount") or {}
    fields = [item.get("pspReference"), item.get("originalReference"),
              item.get("merchantAccountCode"), item.get("merchantReference"),
              amount.get("value"), amount.get("currency"), item.get("eventCode"),
              item.get("success")]
    return ":".join("" if field is None else str(field) for field in fields)


def item_signed(item) -> bool:
    if not isinstance(item, dict):
        return False
    given = (item.get("additionalData") or {}).get("hmacSignature")
    try:
        received = base64.b64decode(str(given or ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(HMAC_KEY, signed_string(item).encode(), hashlib.sha256).digest()
    return hmac.compare_digest(expected, received)


@app.post("/adyen/notifications")
async def notifications(request: Request):
    # The raw body, not a Pydantic model: a 422 would answer before any signature check.
    try:
        payload = json.loads(await request.body())
    except ValueError:
        payload = None
    entries = payload.get("notificationItems") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or not entries:
        return JSONResponse({"error": "invalid signature"}, status_code=401)
    items = [entry.get("NotificationRequestItem") if isinstance(entry, dict) else None
             for entry in entries]
    # Every item is verified before any is acted on; one bad item refuses the delivery.
    if not all(item_signed(item) for item in items):
        return JSONResponse({"error": "invalid signature"}, status_code=401)
    fresh = [item for item in items if item.get("pspReference") not in processed_references]
    if not fresh:
        return JSONResponse({"error": "duplicate notification"}, status_code=409)
    for item in fresh:
        processed_references.add(item.get("pspReference"))
    return {"notificationResponse": "[accepted]", "processed": len(fresh)}
# sigprobe-fix-end


if __name__ == "__main__":
    from _serve import serve_asgi

    serve_asgi(app)
