"""In-house scheme: HMAC of the body only, with a separate X-Timestamp header.

Fault: the timestamp is checked against a 5-minute window but is not part of the
signed bytes, so an old captured request can be re-dated and accepted.
"""
import time

from flask import Flask, jsonify, request

from _common import equal, first_delivery, hex_hmac, run

app = Flask(__name__)


@app.post("/hooks/orders")
def orders():
    body = request.get_data()
    given = request.headers.get("X-Signature", "")
    timestamp = request.headers.get("X-Timestamp", "")
    if not given.startswith("v1=") or not equal(given[3:], hex_hmac(body)):
        return jsonify(error="invalid signature"), 401
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return jsonify(error="stale request"), 401
    if not first_delivery(request.get_json(silent=True)):
        return jsonify(error="duplicate"), 409
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
