"""A FastAPI webhook receiver that verifies signed requests correctly.

Each `sigprobe-fix: <key>` region is the fix sigprobe shows for that remediation key;
the tests run this file (under uvicorn) as a lab target and scan it, so every snippet
is proven in a real receiver. Signature: X-Webhook-Signature: HMAC_SHA256=<hex
HMAC-SHA256 of the raw body>, the secret from the WEBHOOK_SECRET environment variable.
"""
# sigprobe-fix: *
import hashlib
import hmac
import json
import os
import re

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
# sigprobe-fix-end

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
deliveries = []

# sigprobe-fix: remove-bypass-switches
# The secret and every setting come from the server's configuration. Nothing in a
# request (query flag, header, body field, client address) can switch verification
# off; to test locally, sign test requests with a test secret instead.
SECRET = os.environ["WEBHOOK_SECRET"].encode()
# sigprobe-fix-end

# sigprobe-fix: strict-signature-format reject-wrong-signature verify-every-request
# sigprobe-fix: compare-full-signature constant-time-verification one-algorithm-only
SIGNATURE_FORMAT = re.compile(r"HMAC_SHA256=([0-9a-f]{64})")


def signature_valid(raw_body: bytes, header: str | None) -> bool:
    # Strict format first: the tag, then exactly 64 lowercase hex digits.
    match = SIGNATURE_FORMAT.fullmatch(header or "")
    if not match:
        return False
    expected = hmac.new(SECRET, raw_body, hashlib.sha256).hexdigest()
    # Constant time, and the verdict is used as it is: no inversion, no ignoring.
    return hmac.compare_digest(expected, match.group(1))
# sigprobe-fix-end


# sigprobe-fix: reject-replays
# A delivery is acted on once: a validly signed request seen before (the same
# signature over the same bytes) is refused, so a captured request cannot be replayed.
# In production keep this set in shared storage (Redis, the database) with an expiry
# longer than the sender's retry window.
seen_signatures: set[str] = set()


def first_delivery(signature: str) -> bool:
    if signature in seen_signatures:
        return False
    seen_signatures.add(signature)
    return True
# sigprobe-fix-end


# sigprobe-fix: verify-every-request verify-before-processing generic-rejection
# sigprobe-fix: reject-replays enforce-spec-security
async def require_signature(request: Request) -> bytes:
    # A dependency on the raw bytes instead of a Pydantic body model: FastAPI would
    # otherwise parse and validate the JSON (422) before any signature check.
    raw_body = await request.body()
    if not signature_valid(raw_body, request.headers.get("x-webhook-signature")):
        # One generic answer for missing, empty, malformed and wrong signatures.
        raise HTTPException(status_code=401, detail="invalid signature")
    if not first_delivery(request.headers["x-webhook-signature"]):
        raise HTTPException(status_code=409, detail="duplicate delivery")
    return raw_body
# sigprobe-fix-end


# sigprobe-fix: use-https
# TLS ends at the proxy in front of the app; run uvicorn with --proxy-headers and
# --forwarded-allow-ips set to that proxy, so request.url.scheme is the sender's.
PLAIN_HTTP_ALLOWED = os.environ.get("WEBHOOK_ALLOW_PLAIN_HTTP") == "1"  # local runs only


@app.middleware("http")
async def refuse_plain_http(request: Request, call_next):
    if request.url.scheme != "https" and not PLAIN_HTTP_ALLOWED:
        return JSONResponse({"error": "use https"}, status_code=403)
    return await call_next(request)
# sigprobe-fix-end


# sigprobe-fix: verify-all-methods verify-before-processing
# Only POST is routed (FastAPI answers 405 to other methods) and no method-override
# header is honoured. JSON is parsed after the dependency has verified the bytes.
@app.post("/webhook")
async def webhook(raw_body: bytes = Depends(require_signature)):
    try:
        event = json.loads(raw_body)
    except ValueError:
        return JSONResponse({"error": "invalid JSON"}, status_code=400)
    if not isinstance(event, dict):
        return JSONResponse({"error": "invalid JSON"}, status_code=400)
    deliveries.append(event)
    return {"ok": True}
# sigprobe-fix-end


# sigprobe-fix: require-authentication
# Every state-changing route carries the same dependency, not only the main one.
@app.post("/webhook/redeliver", dependencies=[Depends(require_signature)])
async def redeliver():
    return {"ok": True, "queued": len(deliveries)}
# sigprobe-fix-end


if __name__ == "__main__":
    from _serve import serve_asgi

    serve_asgi(app)
