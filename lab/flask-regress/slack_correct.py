"""Correct Slack-style receiver: always HTTP 200, the outcome is in the body.

Secure: unsigned and wrongly signed events get 200 {"ok":false,...} and are
dropped; only a valid signature gets {"ok":true}. Guards defect 3 (negative case).
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []

PREFIX = "HMAC_SHA256="


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature")
    if header is None:
        return jsonify(ok=False, error="missing_signature")
    expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header):
        return jsonify(ok=False, error="invalid_signature")
    deliveries.append(body)
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
