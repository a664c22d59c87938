"""A Django receiver for Adyen notification batches that verifies every item (one file).

Adyen sends several NotificationRequestItems in one delivery, each signed on its own
(HMAC-SHA256 under the hex key, base64, in additionalData.hmacSignature). The tests
run this file as a lab target and scan it with `--scheme adyen`; its `sigprobe-fix:`
regions are the snippets sigprobe shows. Key: ADYEN_HMAC_KEY (hex).
"""
# sigprobe-fix: *
import base64
import binascii
import hashlib
import hmac
import json
import os

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
# sigprobe-fix-end
import secrets

from django.conf import settings
from django.urls import path

# One-file Django: settings in code instead of a settings module.
settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_hex(32),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)

processed_references = set()

# sigprobe-fix: verify-every-item
HMAC_KEY = bytes.fromhex(os.environ["ADYEN_HMAC_KEY"])


def signed_string(item: dict) -> str:
    # The eight fields Adyen signs, in its order; a missing field is an empty string.
    amount = item.get("amount") or {}
    fields = [item.get("pspReference"), item.get("originalReference"),
              item.get("merchantAccountCode"), item.get("merchantReference"),
              amount.get("value"), amount.get("currency"), item.get("eventCode"),
              item.get("success")]
    return ":".join("" if field is None else str(field) for field in fields)


def item_signed(item) -> bool:
    if not isinstance(item, dict):
        return False
    given = (item.get("additionalData") or {}).get("hmacSignature")
    try:
        received = base64.b64decode(str(given or ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(HMAC_KEY, signed_string(item).encode(), hashlib.sha256).digest()
    return hmac.compare_digest(expected, received)


# csrf_exempt because the signatures, not a cookie token, authenticate the sender.
@csrf_exempt
@require_POST
def notifications(request):
    try:
        payload = json.loads(request.body)
    except ValueError:
        payload = None
    entries = payload.get("notificationItems") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or not entries:
        return JsonResponse({"error": "invalid signature"}, status=401)
    items = [entry.get("NotificationRequestItem") if isinstance(entry, dict) else None
             for entry in entries]
    # Every item is verified before any is acted on; one bad item refuses the delivery.
    if not all(item_signed(item) for item in items):
        return JsonResponse({"error": "invalid signature"}, status=401)
    fresh = [item for item in items if item.get("pspReference") not in processed_references]
    if not fresh:
        return JsonResponse({"error": "duplicate notification"}, status=409)
    for item in fresh:
        processed_references.add(item.get("pspReference"))
    return JsonResponse({"notificationResponse": "[accepted]", "processed": len(fresh)})
# sigprobe-fix-end


urlpatterns = [path("adyen/notifications", notifications)]
from django.core.wsgi import get_wsgi_application  # noqa: E402  (needs the settings)

application = get_wsgi_application()

if __name__ == "__main__":
    from _serve import serve_wsgi

    serve_wsgi(application)
