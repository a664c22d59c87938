"""Receiver whose verification helper was renamed during a refactor.

Fault: `is_tampered()` still returns True when the digest *matches* (it used to
be `is_valid()`), so forged signatures pass and the genuine one is rejected.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


def is_tampered(body: bytes, header: str) -> bool:
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(PREFIX + expected, header)


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature")
    if not header:
        return jsonify(error="missing signature"), 401
    if is_tampered(body, header):
        return jsonify(error="invalid signature"), 401
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    deliveries.append(event)
    return jsonify(ok=True, received=event.get("type"))


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
