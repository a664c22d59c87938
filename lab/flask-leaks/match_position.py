"""Receiver whose rejection says where the signature first differs.

Faulty: "mismatch at byte N" lets a forger fix the signature one byte at a time,
sending at most 256 guesses per byte instead of 2^256 in all.
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
    header = request.headers.get("X-Webhook-Signature", "")
    if not header.startswith(PREFIX):
        return jsonify(error="missing signature"), 401
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    got = header[len(PREFIX):]
    for position, (a, b) in enumerate(zip(expected, got)):
        if a != b:
            return jsonify(error=f"signature mismatch at byte {position // 2}"), 401
    if len(got) != len(expected):
        return jsonify(error="signature has the wrong length"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
