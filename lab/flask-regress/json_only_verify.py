"""Receiver that verifies JSON deliveries only.

Fault: verification sits behind a Content-Type test, so the same forged event
sent as any non-JSON type (form, text) is processed unverified. Guards defect 10.
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
    if request.mimetype == "application/json":
        expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Webhook-Signature", "")):
            return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
