"""Receiver that refuses unsigned requests at once and verifies the rest after queueing.

Secure: a missing signature header gets 401 immediately; anything carrying one is
answered 202 and verified by the worker before it is acted on. A 202 to a wrong
signature is therefore not acceptance, and only an oracle can show what happened.
"""
import hashlib
import hmac
import json

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


def worker(body, signature):
    expected = "HMAC_SHA256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if hmac.compare_digest(expected, signature):
        deliveries.append(json.loads(body))


@app.post("/webhook")
def enqueue():
    signature = request.headers.get("X-Webhook-Signature")
    if signature is None:
        return jsonify(error="missing signature"), 401
    worker(request.get_data(), signature)
    return jsonify(queued=True), 202


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
