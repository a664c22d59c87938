"""Receiver whose rejection time is set by LAB_TIMING_MODE (for timing tests and bench).

- secure: hmac.compare_digest; every rejection takes the same path.
- first-byte: a right-length signature whose first hex digit is right takes an extra
  LAB_DELAY_US microseconds (a fixed cost on one rejection path).
- per-byte: early-exit comparison, LAB_DELAY_US microseconds per matching digit.
- format: a right-length signature takes LAB_DELAY_US more than a short one.
Every rejection is the same 401 body, so only time tells them apart.
"""
import hashlib
import hmac
import os
import time

from flask import Flask, jsonify, request

from _labserver import SECRET, run

app = Flask(__name__)
PREFIX = "HMAC_SHA256="
MODE = os.environ.get("LAB_TIMING_MODE", "secure")
DELAY_NS = int(float(os.environ.get("LAB_DELAY_US", "0")) * 1000)


def spin(nanoseconds: int) -> None:
    # Busy-wait on the wall clock: a sleep would round up to the scheduler's tick.
    end = time.perf_counter_ns() + nanoseconds
    while time.perf_counter_ns() < end:
        pass


def matches(expected: str, got: str) -> bool:
    if MODE == "secure":
        return hmac.compare_digest(expected, got)
    if MODE == "format":
        if len(got) == len(expected):
            spin(DELAY_NS)
        return hmac.compare_digest(expected, got)
    if len(got) != len(expected):
        return False
    if MODE == "first-byte":
        if got[0] == expected[0]:
            spin(DELAY_NS)
        return hmac.compare_digest(expected, got)
    for a, b in zip(expected, got):  # per-byte early exit
        if a != b:
            return False
        spin(DELAY_NS)
    return True


@app.post("/webhook")
def webhook():
    body = request.get_data()
    header = request.headers.get("X-Webhook-Signature", "")
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not header.startswith(PREFIX) or not matches(expected, header[len(PREFIX):]):
        return jsonify(error="invalid signature"), 401
    return jsonify(ok=True)


if __name__ == "__main__":
    run(app)
