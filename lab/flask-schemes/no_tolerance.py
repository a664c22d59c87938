"""Slack-style receiver: the timestamp is signed, but its age is never checked.

Fault: a request signed an hour ago (or an hour ahead) is accepted. Deliveries are
deduplicated by event id, so a plain replay is refused.
"""
from flask import Flask, jsonify, request

from _common import equal, first_delivery, hex_hmac, run

app = Flask(__name__)


@app.post("/slack/events")
def events():
    body = request.get_data()
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    given = request.headers.get("X-Slack-Signature", "")
    expected = "v0=" + hex_hmac(b"v0:" + timestamp.encode() + b":" + body)
    if not timestamp.isdigit() or not equal(given, expected):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
