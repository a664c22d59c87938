"""A Flask receiver for a timestamped scheme that signs the whole request.

The companion of flask_receiver.py (which signs the body alone): its `sigprobe-fix:`
regions are the fixes for a bounded timestamp, a signature over every part, separated
signed fields, a strong secret, throttled failures and a declared security scheme. The
tests run and scan it like the other receivers. Scheme (timestamped.scheme.yaml):
X-Signature: v1=<hex HMAC-SHA256 of "<timestamp>\n<METHOD>\n<path>\n<query>\n<body>">,
X-Signature-Timestamp: Unix seconds; the secret from WEBHOOK_SECRET.
"""
# sigprobe-fix: *
import hashlib
import hmac
import os
import re
import threading
import time
from collections import defaultdict, deque
from functools import wraps

from flask import Flask, jsonify, request
# sigprobe-fix-end

app = Flask(__name__)

# sigprobe-fix: strong-secret
# The secret comes from the environment, and the app refuses to start on one that is
# short, repetitive or a placeholder. Generate it with `openssl rand -hex 32`.
SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
PLACEHOLDER = re.compile(rb"change|default|example|placeholder|secret|test|your", re.I)
if len(SECRET) < 32 or len(set(SECRET)) < 8 or PLACEHOLDER.search(SECRET):
    raise SystemExit("WEBHOOK_SECRET must be 32 or more random bytes (openssl rand -hex 32)")
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
# sent (before percent-decoding), then the body. "\n" joins the fields: HTTP forbids it
# in the method, path and query, the timestamp is digits, and the body comes last, so
# no byte can move from one field to another.
SIGNATURE_FORMAT = re.compile(r"v1=([0-9a-f]{64})")


def signed_message(timestamp: str, raw_body: bytes) -> bytes | None:
    # PATH_INFO is decoded ("/a%62" reads "/ab"); the raw target is RAW_URI (gunicorn)
    # or REQUEST_URI (uWSGI, mod_wsgi). Without either, nothing can be verified.
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if not target:
        return None
    path, _, query = target.partition("?")
    fields = [timestamp, request.method, path, query]
    return b"\n".join([field.encode("latin-1") for field in fields] + [raw_body])


def signature_valid(timestamp: str, raw_body: bytes, header: str | None) -> bool:
    match = SIGNATURE_FORMAT.fullmatch(header or "")
    message = signed_message(timestamp, raw_body)
    if not match or message is None:
        return False
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
failures_lock = threading.Lock()


def throttled(client: str) -> bool:
    now = time.monotonic()
    with failures_lock:
        recent = failures[client]
        while recent and now - recent[0] > WINDOW_SECONDS:
            recent.popleft()
        if not recent:
            del failures[client]
        return len(recent) >= MAX_FAILURES


def record_failure(client: str) -> None:
    with failures_lock:
        failures[client].append(time.monotonic())
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps
# A signature is accepted once; remembering it as long as its timestamp is fresh is
# enough, since an older copy fails the timestamp check anyway.
seen_signatures: dict[str, float] = {}
seen_lock = threading.Lock()


def first_delivery(signature: str) -> bool:
    now = time.time()
    with seen_lock:
        for old in [s for s, expiry in seen_signatures.items() if expiry < now]:
            del seen_signatures[old]
        if signature in seen_signatures:
            return False
        seen_signatures[signature] = now + 2 * TOLERANCE_SECONDS
        return True
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps sign-every-part throttle-failed-verification
def require_signature(view):
    @wraps(view)
    def checked(*args, **kwargs):
        client = request.remote_addr or "unknown"
        if throttled(client):
            headers = {"Retry-After": str(WINDOW_SECONDS)}
            return jsonify(error="too many failed signatures"), 429, headers
        timestamp = request.headers.get("X-Signature-Timestamp")
        signature = request.headers.get("X-Signature")
        raw_body = request.get_data(cache=True)
        # One generic 401 for a stale timestamp and a wrong or missing signature.
        fresh = timestamp_fresh(timestamp)
        if not fresh or not signature_valid(timestamp, raw_body, signature):
            record_failure(client)
            return jsonify(error="invalid signature"), 401
        if not first_delivery(signature):
            return jsonify(error="duplicate delivery"), 409
        return view(*args, **kwargs)

    return checked
# sigprobe-fix-end


# sigprobe-fix: define-security-schemes
# The API description defines the signature as a security scheme and requires it on
# every operation (the top-level `security`), so clients, gateways and scanners know
# each call must be signed.
ORDER_EVENT = {"type": "object", "example": {"id": "evt_1", "type": "order.paid"}}
OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Order events", "version": "1.0.0"},
    "components": {
        "securitySchemes": {
            "requestSignature": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Signature",
                "description": "v1=<hex HMAC-SHA256 of timestamp, method, path, query "
                "and body joined by newlines>; X-Signature-Timestamp holds the timestamp.",
            }
        }
    },
    "security": [{"requestSignature": []}],
    "paths": {
        "/order-events": {
            "post": {
                "operationId": "receiveOrderEvent",
                "parameters": [{"name": "topic", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ORDER_EVENT}},
                },
                "responses": {
                    "200": {"description": "processed"},
                    "401": {"description": "invalid signature"},
                    "429": {"description": "too many failed signatures"},
                },
            }
        }
    },
}


@app.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)
# sigprobe-fix-end


@app.post("/order-events")
@require_signature
def order_events():
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    return jsonify(ok=True, topic=request.args.get("topic", ""))


if __name__ == "__main__":
    from _serve import serve_wsgi

    serve_wsgi(app)
