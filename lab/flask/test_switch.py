"""Receiver with a shortcut added for integration testing.

Fault: a leftover `?test=1` query switch skips signature verification entirely,
so anyone who appends it to the URL can deliver unsigned or forged events.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


def verify(body: bytes, header: str) -> bool:
    if not header.startswith(PREFIX):
        return False
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(PREFIX):])


@app.post("/webhook")
def webhook():
    body = request.get_data()
    testing = request.args.get("test") == "1"  # lets the QA suite post fixtures
    if not testing and not verify(body, request.headers.get("X-Webhook-Signature", "")):
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
