"""Subscription webhook receiver with a shared @signed decorator.

Secure: every route that accepts webhook traffic (POST deliveries and PUT
re-deliveries) goes through @signed, which checks the raw body in constant time.
"""
import functools
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


def signed(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        scheme, _, digest = request.headers.get("X-Webhook-Signature", "").partition("=")
        expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()
        if scheme != "HMAC_SHA256" or not hmac.compare_digest(expected, digest):
            return jsonify(error="invalid signature"), 401
        return view(*args, **kwargs)
    return wrapper


def accept():
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    deliveries.append(event)
    return jsonify(ok=True, received=event.get("type"))


@app.post("/webhook")
@signed
def deliver():
    return accept()


@app.put("/webhook")
@signed
def redeliver():
    return accept()


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
