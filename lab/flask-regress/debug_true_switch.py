"""Receiver with a debug switch spelled `?debug=true`.

Fault: the switch skips verification, so a forged event passes with it. Guards
defect 10: switches set to `true`, not only `1`, must be tried.
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
    debugging = request.args.get("debug") == "true"
    expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    header = request.headers.get("X-Webhook-Signature", "")
    if not debugging and not hmac.compare_digest(expected, header):
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
