"""Receiver that validates the payload schema before checking authenticity.

Fault: JSON parsing and field validation run before signature verification, so
unsigned requests reach the parser and get distinct 400/422 answers.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


@app.post("/webhook")
def webhook():
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    if "type" not in event:
        return jsonify(error="missing field: type"), 422

    body = request.get_data()  # cached by get_json, still the raw bytes
    expected = "HMAC_SHA256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Webhook-Signature", "")):
        return jsonify(error="invalid signature"), 401

    deliveries.append(event)
    return jsonify(ok=True, received=event.get("type"))


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
