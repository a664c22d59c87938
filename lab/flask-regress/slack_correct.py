"""Correct Slack-style receiver: always HTTP 200, the outcome is in the body.

Secure: unsigned and wrongly signed events get 200 {"ok":false,...} and are
dropped; only a valid signature gets {"ok":true}, and a delivery already seen is
refused, so a replay is not acted on twice. Guards defect 3 (negative case).
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []
seen = set()

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
    digest = hashlib.sha256(body).hexdigest()
    if digest in seen:
        return jsonify(ok=False, error="duplicate_delivery")
    seen.add(digest)
    deliveries.append(body)
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
