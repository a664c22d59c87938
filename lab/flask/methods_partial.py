"""Webhook receiver that also manages the subscription on the same URL.

Fault: only POST is verified; the PUT/PATCH/DELETE "subscription" view was added
later without the check, and the method-override middleware makes it reachable
from any client that can only send POST.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
deliveries = []


class MethodOverride:
    """Honour X-HTTP-Method-Override on POST, for clients behind strict proxies."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        override = environ.get("HTTP_X_HTTP_METHOD_OVERRIDE", "").upper()
        if environ.get("REQUEST_METHOD") == "POST" and override in {"PUT", "PATCH", "DELETE"}:
            environ["REQUEST_METHOD"] = override
        return self.wsgi_app(environ, start_response)


app.wsgi_app = MethodOverride(app.wsgi_app)


@app.post("/webhook")
def deliver():
    body = request.get_data()
    expected = "HMAC_SHA256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Webhook-Signature", "")):
        return jsonify(error="invalid signature"), 401
    event = request.get_json(silent=True) or {}
    deliveries.append(event)
    return jsonify(ok=True, received=event.get("type"))


@app.route("/webhook", methods=["PUT", "PATCH", "DELETE"])
def subscription():
    # update or cancel the subscription this endpoint belongs to
    return jsonify(ok=True, subscription=request.method.lower())


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
