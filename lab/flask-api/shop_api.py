"""Shop API: 23 operations described by shop_api.openapi.yaml, with planted mismatches.

Planted faults (see shop_api.expect.json):
- deleteProduct, createOrder, getOrder: the spec requires bearerAuth, the code never checks it;
- githubWebhook: the spec requires an X-Hub-Signature-256 signature, the code never verifies it;
- shippingWebhook: only checks that a signature header is present, never its value;
- updateOrder: a write operation the spec forgot to secure, and the code does not check either;
- deleteCustomer: requires "legacyToken", a scheme the spec never defines (enforced in code);
- POST /hooks: an old receiver missing from the spec, acting on unsigned requests.
Everything else enforces what the spec says, and createCustomer is optional by design.
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
PREFIX = "HMAC_SHA256="


def bearer_ok():
    return hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {TOKEN}")


def api_key_ok():
    return hmac.compare_digest(request.headers.get("X-API-Key", ""), API_KEY)


def denied():
    return jsonify(error="unauthorized"), 401


def signature_ok(header_name, prefix):
    body = request.get_data()
    header = request.headers.get(header_name, "")
    expected = prefix + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def payload():
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


@app.get("/v1/health")
def health():
    return jsonify(status="ok")


@app.get("/v1/products")
def list_products():
    return jsonify(items=[{"id": "prd_1", "name": "Mug"}])


@app.get("/v1/products/<product_id>")
def get_product(product_id):
    return jsonify(id=product_id, name="Mug")


@app.post("/v1/products")
def create_product():
    if not bearer_ok():
        return denied()
    return jsonify(created=payload()), 201


@app.put("/v1/products/<product_id>")
def replace_product(product_id):
    if not bearer_ok():
        return denied()
    return jsonify(id=product_id, replaced=payload())


@app.delete("/v1/products/<product_id>")
def delete_product(product_id):
    # Planted: the spec requires bearerAuth; this handler forgot to check it.
    return jsonify(deleted=product_id)


@app.get("/v1/orders")
def list_orders():
    if not bearer_ok():
        return denied()
    return jsonify(items=[])


@app.post("/v1/orders")
def create_order():
    # Planted: no bearer check.
    return jsonify(order=payload()), 201


@app.get("/v1/orders/<order_id>")
def get_order(order_id):
    # Planted: no bearer check on a read the spec secures.
    return jsonify(id=order_id, status="paid", total=1200)


@app.patch("/v1/orders/<order_id>")
def update_order(order_id):
    # Planted: the spec has no security here, and neither has the code.
    return jsonify(id=order_id, changes=payload())


@app.post("/v1/orders/<order_id>/cancel")
def cancel_order(order_id):
    if not bearer_ok():
        return denied()
    return jsonify(id=order_id, status="cancelled")


@app.get("/v1/orders/<order_id>/items")
def list_order_items(order_id):
    if not bearer_ok():
        return denied()
    return jsonify(order=order_id, items=[], limit=request.args.get("limit"))


@app.post("/v1/webhooks/payments")
def payments_webhook():
    if not signature_ok("X-Webhook-Signature", PREFIX):
        return jsonify(error="invalid signature"), 401
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        return jsonify(error="invalid JSON"), 400
    return jsonify(ok=True, received=event.get("type"))


@app.post("/v1/webhooks/github")
def github_webhook():
    # Planted: the X-Hub-Signature-256 header is never verified.
    event = payload()
    return jsonify(ok=True, action=event.get("action"), ref=event.get("ref"))


@app.post("/v1/webhooks/shipping")
def shipping_webhook():
    # Planted: presence of the header is taken for a valid signature.
    if not request.headers.get("X-Webhook-Signature"):
        return jsonify(error="missing signature"), 401
    return jsonify(ok=True, received=payload().get("type"))


@app.get("/v1/customers")
def list_customers():
    if not api_key_ok():
        return denied()
    return jsonify(items=[])


@app.post("/v1/customers")
def create_customer():
    # Optional auth by design ({} in the spec): anonymous sign-up is allowed.
    return jsonify(created=payload(), authenticated=bearer_ok()), 201


@app.get("/v1/customers/<customer_id>")
def get_customer(customer_id):
    if not (api_key_ok() or bearer_ok()):
        return denied()
    return jsonify(id=customer_id)


@app.delete("/v1/customers/<customer_id>")
def delete_customer(customer_id):
    if request.headers.get("X-Legacy-Token") != "legacy-lab-token":
        return denied()
    return jsonify(deleted=customer_id)


@app.post("/v1/reports")
def create_report():
    # The spec forgot security here, but the code enforces it: nothing to report.
    if not bearer_ok():
        return denied()
    return jsonify(report=payload()), 201


@app.get("/v1/reports/<report_id>")
def get_report(report_id):
    if not bearer_ok():
        return denied()
    return jsonify(id=report_id)


@app.put("/v1/settings")
def put_settings():
    if not (bearer_ok() and api_key_ok()):
        return denied()
    return jsonify(settings=payload())


@app.post("/v1/auth/token")
def issue_token():
    # Public by design (security: [] in the spec): this is how a client logs in.
    data = payload()
    if data.get("client_secret") != "lab-client-secret":
        return jsonify(error="invalid_client"), 400
    return jsonify(access_token=TOKEN)


@app.post("/v1/hooks")
def old_hooks():
    # Planted: an older receiver nobody documented and nothing authenticates.
    event = payload()
    return jsonify(ok=True, received=event.get("type"))


if __name__ == "__main__":
    run(app)
