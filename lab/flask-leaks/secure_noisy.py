"""Secure receiver whose rejections carry values that look like digests.

Secure: constant-time comparison and a generic 401. The answer still holds a fresh
64-hex request id, the SHA-256 of the body it received, a constant 64-hex build id,
an ETag, and the words "error" and "exception"; none of that reveals the secret or
the expected signature, so the leak detectors must stay silent.
"""
import hashlib
import hmac
import secrets

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
PREFIX = "HMAC_SHA256="
BUILD = hashlib.sha256(b"build 2026.12.04").hexdigest()


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature", "")
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not header.startswith(PREFIX) or not hmac.compare_digest(expected, header[len(PREFIX):]):
        answer = jsonify(
            error="invalid signature",
            hint="an exception to the rules: see the docs for error 401",
            request_id=secrets.token_hex(32),
            body_sha256=hashlib.sha256(body).hexdigest(),
            build=BUILD,
        )
        answer.headers["ETag"] = '"' + hashlib.sha256(body + b"etag").hexdigest() + '"'
        return answer, 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
