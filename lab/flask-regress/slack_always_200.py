"""Slack-style receiver that answers HTTP 200 to everything and reports in the body.

Fault: verification runs only when the signature header is present. A wrong
signature gets 200 {"ok":false,"error":"invalid_signature"}, while an unsigned
event is processed and answered 200 {"ok":true}. Guards defect 3.
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
    if header is not None:
        expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, header):
            return jsonify(ok=False, error="invalid_signature")
    deliveries.append(body)
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
