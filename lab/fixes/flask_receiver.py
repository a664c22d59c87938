"""A Flask webhook receiver that verifies signed requests correctly.

Each `sigprobe-fix: <key>` region is the fix sigprobe shows for that remediation key;
the tests run this file as a lab target and scan it, so every snippet is proven to
work in a real receiver. Signature: X-Webhook-Signature: HMAC_SHA256=<hex HMAC-SHA256
of the raw body>, the secret from the WEBHOOK_SECRET environment variable.
"""
# sigprobe-fix: *
import hashlib
import hmac
import os
import re
from functools import wraps

from flask import Flask, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix
# sigprobe-fix-end

app = Flask(__name__)
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
seen_signatures = set()


def first_delivery(signature: str) -> bool:
    if signature in seen_signatures:
        return False
    seen_signatures.add(signature)
    return True
# sigprobe-fix-end


# sigprobe-fix: verify-every-request verify-before-processing generic-rejection
# sigprobe-fix: reject-replays enforce-spec-security
def require_signature(view):
    @wraps(view)
    def checked(*args, **kwargs):
        # The raw bytes, before Flask parses anything: the HMAC covers exactly these.
        raw_body = request.get_data(cache=True)
        if not signature_valid(raw_body, request.headers.get("X-Webhook-Signature")):
            # One generic answer for missing, empty, malformed and wrong signatures.
            return jsonify(error="invalid signature"), 401
        if not first_delivery(request.headers["X-Webhook-Signature"]):
            return jsonify(error="duplicate delivery"), 409
        return view(*args, **kwargs)

    return checked
# sigprobe-fix-end


# sigprobe-fix: use-https
# TLS ends at the proxy in front of the app; ProxyFix trusts one proxy's
# X-Forwarded-Proto so request.is_secure says whether the sender used HTTPS.
app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)
PLAIN_HTTP_ALLOWED = os.environ.get("WEBHOOK_ALLOW_PLAIN_HTTP") == "1"  # local runs only


@app.before_request
def refuse_plain_http():
    if not request.is_secure and not PLAIN_HTTP_ALLOWED:
        return jsonify(error="use https"), 403
    return None
# sigprobe-fix-end


# sigprobe-fix: verify-all-methods verify-before-processing
# Only POST is routed (Flask answers 405 to other methods) and no method-override
# header is honoured. The decorator runs before the handler reads the JSON.
@app.post("/webhook")
@require_signature
def webhook():
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    deliveries.append(event)
    return jsonify(ok=True)
# sigprobe-fix-end


# sigprobe-fix: require-authentication
# Every state-changing route carries the same check, not only the main one.
@app.post("/webhook/redeliver")
@require_signature
def redeliver():
    return jsonify(ok=True, queued=len(deliveries))
# sigprobe-fix-end


if __name__ == "__main__":
    from _serve import serve_wsgi

    serve_wsgi(app)
