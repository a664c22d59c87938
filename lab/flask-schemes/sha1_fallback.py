"""GitHub-style receiver that falls back to the legacy SHA-1 header.

Fault: when X-Hub-Signature-256 is absent, X-Hub-Signature: sha1=... is accepted,
keeping SHA-1 (and whatever weaker path it implies) alive.
"""
import hashlib

from flask import Flask, jsonify, request

from _common import equal, first_delivery, hex_hmac, run

app = Flask(__name__)


def verified(body: bytes) -> bool:
    modern = request.headers.get("X-Hub-Signature-256")
    if modern is not None:
        return modern.startswith("sha256=") and equal(modern[7:], hex_hmac(body))
    legacy = request.headers.get("X-Hub-Signature", "")
    return legacy.startswith("sha1=") and equal(legacy[5:], hex_hmac(body, hashlib.sha1))


@app.post("/webhook")
def webhook():
    body = request.get_data()
    if not verified(body):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
