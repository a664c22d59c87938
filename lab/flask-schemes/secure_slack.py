"""Slack-style receiver done right: signed timestamp, 5-minute window, dedupe by id."""
import time

from flask import Flask, jsonify, request

from _common import equal, first_delivery, hex_hmac, run

app = Flask(__name__)


@app.post("/slack/events")
def events():
    body = request.get_data()
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    given = request.headers.get("X-Slack-Signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return jsonify(error="invalid signature"), 401
    expected = "v0=" + hex_hmac(b"v0:" + timestamp.encode() + b":" + body)
    if not equal(given, expected):
        return jsonify(error="invalid signature"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
