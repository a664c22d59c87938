"""A FastAPI receiver for a timestamped scheme that signs the whole request.

The companion of fastapi_receiver.py (which signs the body alone): its `sigprobe-fix:`
regions are the fixes for a bounded timestamp, a signature over every part, separated
signed fields, a strong secret, throttled failures and a declared security scheme. The
tests run (under uvicorn) and scan it like the other receivers. Scheme
(timestamped.scheme.yaml): X-Signature: v1=<hex HMAC-SHA256 of
"<timestamp>\n<METHOD>\n<path>\n<query>\n<body>">, X-Signature-Timestamp: Unix seconds;
the secret from WEBHOOK_SECRET.
"""
# sigprobe-fix: *
import hashlib
import hmac
import json
import os
import re
import time
from collections import defaultdict, deque

from fastapi import Depends, FastAPI, HTTPException, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
# sigprobe-fix-end

# sigprobe-fix: strong-secret
# The secret comes from the environment, and the app refuses to start on one that is
# short, repetitive or a placeholder. Generate it with `openssl rand -hex 32`.
SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
PLACEHOLDER = re.compile(rb"change|default|example|placeholder|secret|test|your", re.I)
if len(SECRET) < 32 or len(set(SECRET)) < 8 or PLACEHOLDER.search(SECRET):
    raise SystemExit("WEBHOOK_SECRET must be 32 or more random bytes (openssl rand -hex 32)")
# sigprobe-fix-end

# sigprobe-fix: define-security-schemes
# FastAPI writes the API description (/openapi.json) from the code: declaring the
# signature header through fastapi.security defines it under securitySchemes, and
# every route whose dependency uses it lists it in its `security`.
app = FastAPI(title="Order events", docs_url=None, redoc_url=None)
signature_header = APIKeyHeader(
    name="X-Signature",
    scheme_name="requestSignature",
    description="v1=<hex HMAC-SHA256 of timestamp, method, path, query and body joined "
    "by newlines>; X-Signature-Timestamp holds the timestamp.",
    auto_error=False,  # a missing header gets the same 401 as a wrong one, below
)
# sigprobe-fix-end

# sigprobe-fix: bound-timestamps
# The timestamp is signed (the first field) and must lie within five minutes of the
# server clock, in the past or the future.
TOLERANCE_SECONDS = 300
TIMESTAMP_FORMAT = re.compile(r"[0-9]{1,12}")


def timestamp_fresh(header: str | None) -> bool:
    if header is None or not TIMESTAMP_FORMAT.fullmatch(header):
        return False
    return abs(time.time() - int(header)) <= TOLERANCE_SECONDS
# sigprobe-fix-end


# sigprobe-fix: sign-every-part separate-signed-fields
# The signature covers all the handler acts on: timestamp, method, path and query as
# sent (scope["raw_path"], not the percent-decoded request.url.path), then the body.
# "\n" joins the fields: HTTP forbids it in the method, path and query, the timestamp
# is digits, and the body comes last, so no byte can move from one field to another.
SIGNATURE_FORMAT = re.compile(r"v1=([0-9a-f]{64})")


def signed_message(request: Request, timestamp: str, raw_body: bytes) -> bytes:
    fields = [timestamp.encode(), request.method.encode()]
    fields += [request.scope["raw_path"], request.scope["query_string"]]
    return b"\n".join(fields + [raw_body])


def signature_valid(request: Request, timestamp: str, raw_body: bytes, header: str | None):
    match = SIGNATURE_FORMAT.fullmatch(header or "")
    if not match:
        return False
    message = signed_message(request, timestamp, raw_body)
    expected = hmac.new(SECRET, message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, match.group(1))
# sigprobe-fix-end


# sigprobe-fix: throttle-failed-verification
# Failed verifications are counted per client address over a minute; past the limit
# the client gets 429 with Retry-After before anything is verified, so guessing stops.
# Behind a proxy, key on the address the proxy appends, never on a header the client
# sets; with several workers keep the counts in shared storage (Redis).
MAX_FAILURES = 100
WINDOW_SECONDS = 60
failures: dict[str, deque] = defaultdict(deque)


def throttled(client: str) -> bool:
    # One event loop: no lock is needed between these reads and writes.
    now = time.monotonic()
    recent = failures[client]
    while recent and now - recent[0] > WINDOW_SECONDS:
        recent.popleft()
    if not recent:
        del failures[client]
    return len(recent) >= MAX_FAILURES


def record_failure(client: str) -> None:
    failures[client].append(time.monotonic())
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps
# A signature is accepted once; remembering it as long as its timestamp is fresh is
# enough, since an older copy fails the timestamp check anyway.
seen_signatures: dict[str, float] = {}


def first_delivery(signature: str) -> bool:
    now = time.time()
    for old in [s for s, expiry in seen_signatures.items() if expiry < now]:
        del seen_signatures[old]
    if signature in seen_signatures:
        return False
    seen_signatures[signature] = now + 2 * TOLERANCE_SECONDS
    return True
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps sign-every-part throttle-failed-verification
# sigprobe-fix: define-security-schemes
async def require_signature(
    request: Request, signature: str | None = Security(signature_header)
) -> bytes:
    client = request.client.host if request.client else "unknown"
    if throttled(client):
        headers = {"Retry-After": str(WINDOW_SECONDS)}
        raise HTTPException(429, "too many failed signatures", headers=headers)
    timestamp = request.headers.get("x-signature-timestamp")
    raw_body = await request.body()
    # One generic 401 for a stale timestamp and a wrong or missing signature.
    if not timestamp_fresh(timestamp) or not signature_valid(
        request, timestamp, raw_body, signature
    ):
        record_failure(client)
        raise HTTPException(401, "invalid signature")
    if not first_delivery(signature):
        raise HTTPException(409, "duplicate delivery")
    return raw_body
# sigprobe-fix-end


ORDER_EVENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {"id": "evt_1", "type": "order.paid"},
            }
        },
    }
}


@app.post("/order-events", openapi_extra=ORDER_EVENT_BODY)
async def order_events(topic: str = "", raw_body: bytes = Depends(require_signature)):
    try:
        event = json.loads(raw_body)
    except ValueError:
        return JSONResponse({"error": "invalid JSON"}, status_code=400)
    if not isinstance(event, dict):
        return JSONResponse({"error": "invalid JSON"}, status_code=400)
    return {"ok": True, "topic": topic}


if __name__ == "__main__":
    from _serve import serve_asgi

    serve_asgi(app)
