"""Receiver that never verifies and answers every POST with 202.

Fault: every event, signed or not, is recorded; /deliveries shows the count.
Guards defect 11: the oracle proves unsigned events are acted on, which is not
the same as a wrong signature being accepted.
"""
from flask import Flask, jsonify, request

from _labserver import run

app = Flask(__name__)
deliveries = []


@app.post("/webhook")
def webhook():
    deliveries.append(request.get_data())
    return jsonify(queued=True), 202


@app.get("/deliveries")
def list_deliveries():
    return jsonify(count=len(deliveries))


if __name__ == "__main__":
    run(app)
