"""Receiver whose error handler returns the Python traceback.

Faulty: a malformed signature header raises, and the handler answers 400 with the
formatted traceback (file paths, line numbers, the verifying code).
"""
import hashlib
import hmac
import traceback

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
PREFIX = "HMAC_SHA256="


def verify(body: bytes, header: str) -> bool:
    received = bytes.fromhex(header[len(PREFIX):])
    if len(received) != 32:
        raise ValueError("signature has the wrong length")
    return hmac.compare_digest(hmac.new(SECRET, body, hashlib.sha256).digest(), received)


@app.post("/webhook")
def webhook():
    header = request.headers.get("X-Webhook-Signature")
    if not header or not header.startswith(PREFIX):
        return jsonify(error="invalid signature"), 401
    try:
        ok = verify(request.get_data(), header)
    except Exception:  # noqa: BLE001 - the fault under test
        return traceback.format_exc(), 400, {"Content-Type": "text/plain"}
    if not ok:
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
