"""Square-style receiver that rebuilds the signed URL from X-Forwarded-Host.

Fault: Square signs the notification URL and the body. This receiver takes the host
from X-Forwarded-Host when a client sends one, so a signature made for another host
(another tenant's endpoint, a staging URL) verifies here too.
"""
import base64
import hashlib
import hmac

from flask import Flask, jsonify, request

from _common import SECRET, equal, first_delivery, run

app = Flask(__name__)


def signed_url() -> str:
    host = request.headers.get("X-Forwarded-Host") or request.host
    query = request.query_string.decode()
    return f"{request.scheme}://{host}{request.path}" + (f"?{query}" if query else "")


@app.post("/square/webhook")
def webhook():
    message = signed_url().encode() + request.get_data()
    expected = base64.b64encode(hmac.new(SECRET, message, hashlib.sha256).digest()).decode()
    if not equal(expected, request.headers.get("x-square-hmacsha256-signature", "")):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate delivery"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
