"""Adyen-style batch receiver that verifies every item and answers with the references it processed.

Correct: an item with a wrong signature is skipped, a batch with no valid item is
refused, and each pspReference is handled once. The answer lists the pspReferences
processed, so two freshly signed deliveries (new references) get different answers
whatever was changed around them. The scanner must not read the new references as
"the unsigned path changed what the handler did" (break-batch:
unsigned-component-tamperable reported high here, from the path spelt %73).
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
        processed=[item.get("pspReference") for item in fresh],
    )


if __name__ == "__main__":
    run(app)
