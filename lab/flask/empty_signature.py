"""Receiver that parses "algo=digest" signature headers by hand.

Fault: the digest is only compared when it is non-empty (meant to skip "blank"
values from an old sender), so `HMAC_SHA256=` or an empty header is accepted.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature")
    if header is None:
        return jsonify(error="missing signature"), 401
    _, _, digest = header.partition("=")
    if digest:
        expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, digest):
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
