"""Correct receiver that answers 404 to a missing or wrong signature.

Secure: the signature is checked in constant time before anything else; only a
valid one gets 200. A guard that an unusual rejection status is read as rejection.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)

PREFIX = "HMAC_SHA256="


@app.post("/webhook")
def webhook():
    body = request.get_data()
    expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Webhook-Signature", "")):
        return jsonify(error="not found"), 404
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
