"""Adyen-style batch receiver that verifies every item and reports the ones it skipped.

Correct: an item with a wrong signature is never processed; the answer counts what
was processed and what was refused, and a batch with no valid item is rejected. The
scanner must not mistake "accepted the delivery, skipped the bad item" for the fault.
"""
from flask import Flask, jsonify, request

from _adyen import first_time, item_is_signed, items_of
from _common import run

app = Flask(__name__)


@app.post("/adyen/notifications")
def notifications():
    items = items_of(request.get_json(silent=True))
    valid = [item for item in items if item_is_signed(item)]
    if not valid:
        return jsonify(error="invalid signature"), 401
    fresh = [item for item in valid if first_time(item.get("pspReference"))]
    if not fresh:
        return jsonify(error="duplicate notification"), 409
    return jsonify(
        notificationResponse="[accepted]",
        processed=len(fresh),
        refused=len(items) - len(valid),
    )


if __name__ == "__main__":
    run(app)
