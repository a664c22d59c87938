"""Receiver run with Werkzeug's debugger on (the debug-mode default in development).

Faulty: a malformed signature raises while decoding, and the debugger page (source
lines, frames, framework versions) is served to whoever sent it.
"""
import hashlib
import hmac

from flask import Flask, jsonify, request
from werkzeug.debug import DebuggedApplication

from _labserver import SECRET, run

app = Flask(__name__)
app.debug = True  # what "flask run --debug" sets: errors reach the debugger
PREFIX = "HMAC_SHA256="


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature")
    if not header or not header.startswith(PREFIX):
        return jsonify(error="invalid signature"), 401
    received = bytes.fromhex(header[len(PREFIX):])  # raises on malformed hex
    expected = hmac.new(SECRET, body, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, received):
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    # evalex=False: the page and its traceback are shown, the console is not.
    run(DebuggedApplication(app, evalex=False))
