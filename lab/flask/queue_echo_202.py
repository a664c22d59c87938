"""Queue-then-verify receiver that echoes the event id it queued.

Secure: every POST is answered 202 with the id from the body, and the signature is
verified before the event is acted on. The answer depends on the unsigned body, yet
nothing unsigned is ever acted on: a scanner must not call that a bypass.
"""
import hashlib
import hmac
import json

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


def process_later(body, signature):
    expected = "HMAC_SHA256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if hmac.compare_digest(expected, signature):
        deliveries.append(json.loads(body))


@app.post("/webhook")
def enqueue():
    body = request.get_data()
    try:
        event_id = str(json.loads(body).get("id", ""))[:40]
    except (ValueError, AttributeError):
        event_id = ""
    process_later(body, request.headers.get("X-Webhook-Signature", ""))
    return jsonify(queued=event_id), 202


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
