"""Adyen-style batch receiver that verifies only the last notification item.

Fault: the HMAC of the last item is checked, then every item is processed (and its
reference recorded), so a delivery with items put in front of a signed one is acted
on in full.
"""
from flask import Flask, jsonify, request

from _adyen import first_time, item_is_signed, items_of
from _common import run

app = Flask(__name__)


@app.post("/adyen/notifications")
def notifications():
    items = items_of(request.get_json(silent=True))
    if not items or not item_is_signed(items[-1]):
        return jsonify(error="invalid signature"), 401
    processed = [item for item in items if first_time(item.get("pspReference"))]
    if not processed:
        return jsonify(error="duplicate notification"), 409
    return jsonify(notificationResponse="[accepted]", processed=len(processed))


if __name__ == "__main__":
    run(app)
