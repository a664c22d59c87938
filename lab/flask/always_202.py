"""Queue-then-verify receiver: acknowledge fast, check later.

Secure but opaque: every POST gets the same 202 so senders never wait, and the
event is only recorded after its signature verifies; nothing leaks in the reply.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


def verified(body: bytes, header: str) -> bool:
    if not header.startswith(PREFIX):
        return False
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(PREFIX):])


@app.post("/webhook")
def webhook():
    body = request.get_data()
    if verified(body, request.headers.get("X-Webhook-Signature", "")):
        event = request.get_json(silent=True)
        if isinstance(event, dict):
            deliveries.append(event)
    return jsonify(queued=True), 202


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
