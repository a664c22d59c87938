"""GitHub-style receiver whose behaviour is chosen by an unsigned ?action= parameter.

Fault: the signature covers only the body, but the handler does what the query
string says; an attacker replays a signed delivery with action=delete.
"""
from flask import Flask, jsonify, request

from _common import equal, first_delivery, hex_hmac, run

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    body = request.get_data()
    given = request.headers.get("X-Hub-Signature-256", "")
    if not given.startswith("sha256=") or not equal(given[7:], hex_hmac(body)):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    action = request.args.get("action", "create")
    return jsonify(ok=True, performed=action)


if __name__ == "__main__":
    run(app)
