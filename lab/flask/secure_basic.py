"""Order-events webhook receiver.

Secure: the raw body is read first, the X-Webhook-Signature header must carry an
HMAC_SHA256= digest that matches in constant time, and only then is JSON parsed.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


def signature_ok(body: bytes, header: str | None) -> bool:
    if not header or not header.startswith(PREFIX):
        return False
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(PREFIX):])


@app.post("/webhook")
def webhook():
    body = request.get_data()
    if not signature_ok(body, request.headers.get("X-Webhook-Signature")):
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
