"""Receiver that tells a failed sender which signature it expected.

Faulty: the 401 body carries the HMAC the receiver computed, so anyone can send a
body, read the right signature from the error, and send it back.
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
        return jsonify(error="signature mismatch", expected=PREFIX + expected), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
