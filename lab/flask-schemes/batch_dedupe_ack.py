"""Adyen-style batch receiver that verifies every item and acknowledges duplicates without acting.

Correct: Adyen delivers at least once and expects every delivery, duplicates included,
to be acknowledged, so a repeated pspReference is answered 200 but not processed; the
answer says so (processed 0, duplicates n). The scanner must not report the replay as
accepted when the answer shows nothing was processed (break-batch: replay-accepted
reported high, its basis saying "same body" although only the counts, masked as
numbers, told the answers apart).
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
    return jsonify(
        notificationResponse="[accepted]",
        processed=len(fresh),
        duplicates=len(valid) - len(fresh),
    )


if __name__ == "__main__":
    run(app)
