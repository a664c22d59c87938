"""Receiver whose debug message names the key it verified with.

Faulty: the 401 body includes the configured secret ("verified with key ..."), so
one rejected request hands out the means to sign anything.
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
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    got = request.headers.get("X-Webhook-Signature", "")
    if not got.startswith(PREFIX) or not hmac.compare_digest(expected, got[len(PREFIX):]):
        detail = f"verification failed (key {SECRET.decode()!r}, sha256)"
        return jsonify(error="invalid signature", detail=detail), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
