"""GitHub-style receiver that compares with startswith.

Fault: any prefix of the valid digest of at least 8 characters is accepted (short
values are refused, so the malformed-value probes do not reveal it).
"""
from flask import Flask, jsonify, request

from _common import first_delivery, hex_hmac, run

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    body = request.get_data()
    given = request.headers.get("X-Hub-Signature-256", "")
    digest = given[7:] if given.startswith("sha256=") else ""
    if len(digest) < 8 or not hex_hmac(body).startswith(digest):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
