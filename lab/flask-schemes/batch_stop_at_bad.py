"""Adyen-style batch receiver that verifies every item, in order, and stops at the first bad one.

Correct: no item is processed before its own signature is checked, and nothing after a
bad item is processed at all. The answer acknowledges the delivery and says how many
items it *received* (not how many it processed), so [valid, forged] and [valid, valid]
get the same answer while [valid] gets another, and [forged, valid] is refused
(nothing processed). The scanner must not read that as "only the first item is
verified" (break-batch: batch-item-unverified reported high here).
"""
from flask import Flask, jsonify, request

from _adyen import first_time, item_is_signed, items_of
from _common import run

app = Flask(__name__)


@app.post("/adyen/notifications")
def notifications():
    items = items_of(request.get_json(silent=True))
    processed = 0
    for item in items:
        if not item_is_signed(item):
            break  # never act on this item or on anything after it
        if first_time(item.get("pspReference")):
            processed += 1  # act on the item here
    if processed == 0:
        if not items or not item_is_signed(items[0]):
            return jsonify(error="invalid signature"), 401
        return jsonify(error="duplicate notification"), 409
    return jsonify(notificationResponse="[accepted]", received=len(items))


if __name__ == "__main__":
    run(app)
