"""GitHub-style receiver, verified correctly, with nothing against replays.

Fault: the scheme signs no timestamp and the receiver records no delivery, so the
same signed request is accepted every time it is sent.
"""
from flask import Flask, jsonify, request

from _common import equal, hex_hmac, run

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    body = request.get_data()
    given = request.headers.get("X-Hub-Signature-256", "")
    if not given.startswith("sha256=") or not equal(given[7:], hex_hmac(body)):
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
