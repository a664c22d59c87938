"""Secure API: every operation enforces what secure_api.openapi.yaml declares.

Negative case for the spec checks: bearer and API-key operations reject missing
credentials, the signed webhook verifies its HMAC before parsing, createNote is
optional by design ({}), and every unknown POST path answers 200 alike (a catch-all),
which must not be mistaken for an undocumented webhook receiver.
"""
import hashlib
import hmac
import sys
from pathlib import Path

from flask import Flask, jsonify, request

# The shared start-up (free port, LISTENING line) lives with the core lab targets.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "flask"))
from _labserver import SECRET, run  # noqa: E402

app = Flask(__name__)
TOKEN = "lab-bearer-token-5b2f"
API_KEY = "lab-api-key-91c3"
SPEC_DIR = Path(__file__).resolve().parent


def denied():
    return jsonify(error="unauthorized"), 401


def bearer_ok():
    return hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {TOKEN}")


@app.get("/api/notes")
def list_notes():
    if not bearer_ok():
        return denied()
    return jsonify(items=[])


@app.post("/api/notes")
def create_note():
    # Optional auth by design ({} in the spec).
    data = request.get_json(silent=True) or {}
    return jsonify(created=data), 201


@app.delete("/api/notes/<note_id>")
def delete_note(note_id):
    if not bearer_ok():
        return denied()
    return jsonify(deleted=note_id)


@app.get("/api/keys")
def list_keys():
    if request.args.get("api_key") != API_KEY:
        return denied()
    return jsonify(items=[])


@app.post("/api/webhooks/billing")
def billing_webhook():
    body = request.get_data()
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Hub-Signature-256", "")):
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


@app.get("/api/status")
def status():
    return jsonify(status="ok")


@app.get("/specs/<name>")
def spec_file(name):
    # Lets a test load a spec by URL from the scan's own origin.
    if name != "secure_api.openapi.json":
        return jsonify(error="not found"), 404
    return (SPEC_DIR / name).read_text(), 200, {"Content-Type": "application/json"}


@app.post("/api/<path:anything>")
def catch_all(anything):
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
