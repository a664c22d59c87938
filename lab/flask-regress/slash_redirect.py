"""Receiver routed at "/hook/", so Flask answers POST /hook with 308 to /hook/.

Fault: /hook/ verifies only when the signature header is present. A scan of
/hook must follow the same-origin redirect and find it. Guards defect 5.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)

PREFIX = "HMAC_SHA256="


@app.post("/hook/")
def hook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature")
    if header is not None:
        expected = PREFIX + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, header):
            return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
