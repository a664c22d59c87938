"""Payment-notification receiver from an early prototype.

Fault: the signature header is never checked; the TODO to add HMAC verification
was never done, so any POSTed JSON is stored and acknowledged.
"""
from flask import Flask, jsonify, request

from _labserver import SECRET, run  # noqa: F401  (SECRET reserved for the TODO below)

app = Flask(__name__)
deliveries = []


@app.post("/webhook")
def webhook():
    # TODO: verify X-Webhook-Signature before going live
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    deliveries.append(event)
    return jsonify(ok=True, received=event.get("type"))


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
