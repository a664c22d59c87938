"""A correct HMAC webhook verifier whose only fault is the secret it was given.

Every receiver in this folder verifies properly (raw body, strict header format,
constant-time comparison before parsing); they differ only in the secret, which is
what the weak-secret checks must tell apart.
"""
import hashlib
import hmac
import os
import sys

from flask import Flask, jsonify, request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "flask"))
from _labserver import run  # noqa: E402  (the shared loopback start-up)

HEADERS = {
    "plain": ("X-Webhook-Signature", "HMAC_SHA256="),
    "github": ("X-Hub-Signature-256", "sha256="),
}


def make_app(secret: bytes, scheme: str) -> Flask:
    header, prefix = HEADERS[scheme]
    app = Flask(__name__)
    deliveries = []

    def signature_ok(body: bytes, value) -> bool:
        if not value or not value.startswith(prefix):
            return False
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, value[len(prefix):])

    @app.post("/webhook")
    def webhook():
        body = request.get_data()
        if not signature_ok(body, request.headers.get(header)):
            return jsonify(error="invalid signature"), 401
        event = request.get_json(silent=True)
        if not isinstance(event, dict):
            return jsonify(error="invalid JSON"), 400
        deliveries.append(event)
        return jsonify(ok=True, received=event.get("type"))

    return app


def serve(secret: bytes, scheme: str) -> None:
    run(make_app(secret, scheme))
