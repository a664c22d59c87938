"""Receiver written to accept both signed and legacy unsigned senders.

Fault: the signature is only verified when X-Webhook-Signature is present, so a
request that simply omits the header is processed without any check.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


@app.post("/webhook")
def webhook():
    body = request.get_data()
    if "X-Webhook-Signature" in request.headers:
        header = request.headers["X-Webhook-Signature"]
        expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, header):
            return jsonify(error="invalid signature"), 401
    # else: legacy sender, accepted until everyone has migrated
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
