"""In-house scheme signing id + timestamp + body with no separator between them.

Fault: a character can move from the end of the delivery id to the front of the
timestamp and the signature still matches, so the same signed request passes again
under a new id and the id-based deduplication is bypassed. The timestamp's age is
not checked either (otherwise the moved digit would be refused).
"""
from flask import Flask, jsonify, request

from _common import equal, hex_hmac, run

app = Flask(__name__)
seen = set()


@app.post("/events")
def events():
    body = request.get_data()
    delivery = request.headers.get("X-Delivery-Id", "")
    timestamp = request.headers.get("X-Delivery-Timestamp", "")
    given = request.headers.get("X-Delivery-Signature", "")
    expected = hex_hmac(delivery.encode() + timestamp.encode() + body)
    if not delivery or not timestamp.isdigit() or not equal(given, expected):
        return jsonify(error="invalid signature"), 401
    if delivery in seen:
        return jsonify(error="duplicate delivery"), 409
    seen.add(delivery)
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
