"""Correct receiver whose status page carries the server time.

Secure: a wrong or missing signature gets 401. The /status oracle shows a delivery
count that only moves on validly signed events, next to a `generated_at` clock
at one-second resolution, so two reads a second apart differ without any delivery.
Guards defect 1: the clock alone must never be read as the endpoint acting.
"""
import hashlib
import hmac
from datetime import datetime, timezone

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
delivered = 0

PREFIX = "HMAC_SHA256="


@app.post("/webhook")
def webhook():
    global delivered
    body = request.get_data()
    expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Webhook-Signature", "")):
        return jsonify(error="invalid signature"), 401
    delivered += 1
    return jsonify(ok=True)


@app.get("/status")
def status():
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return jsonify(delivered=delivered, generated_at=now)


if __name__ == "__main__":
    run(app)
