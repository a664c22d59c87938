"""Secure receiver that throttles failed signatures.

Secure: constant-time comparison, and after LAB_THROTTLE_AFTER failures (default 40)
within a minute it answers 429 with Retry-After until the minute is over.
"""
import hashlib
import hmac
import os
import threading
import time

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
PREFIX = "HMAC_SHA256="
LIMIT = int(os.environ.get("LAB_THROTTLE_AFTER", "40"))
failures = []
lock = threading.Lock()


@app.post("/webhook")
def webhook():
    now = time.monotonic()
    with lock:
        failures[:] = [t for t in failures if now - t < 60]
        if len(failures) >= LIMIT:
            return jsonify(error="too many failed signatures"), 429, {"Retry-After": "60"}
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature", "")
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not header.startswith(PREFIX) or not hmac.compare_digest(expected, header[len(PREFIX):]):
        with lock:
            failures.append(now)
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
