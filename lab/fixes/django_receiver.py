"""A Django webhook receiver that verifies signed requests correctly (one file).

Each `sigprobe-fix: <key>` region is the fix sigprobe shows for that remediation key;
the tests run this file as a lab target and scan it, so every snippet is proven in a
real receiver. Signature: X-Webhook-Signature: HMAC_SHA256=<hex HMAC-SHA256 of the raw
body>, the secret from the WEBHOOK_SECRET environment variable.
"""
# sigprobe-fix: *
import hashlib
import hmac
import json
import os
import re
from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt
# sigprobe-fix-end
import secrets

from django.conf import settings
from django.urls import path

# sigprobe-fix: use-https
# settings.py: TLS ends at the proxy in front of the app, which sets X-Forwarded-Proto;
# SecurityMiddleware (in MIDDLEWARE) then redirects every plain-HTTP request to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("WEBHOOK_ALLOW_PLAIN_HTTP") != "1"  # local runs only
# sigprobe-fix-end

# One-file Django: settings in code instead of a settings module.
settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_hex(32),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.security.SecurityMiddleware"],
    SECURE_PROXY_SSL_HEADER=SECURE_PROXY_SSL_HEADER,
    SECURE_SSL_REDIRECT=SECURE_SSL_REDIRECT,
)

deliveries = []

# sigprobe-fix: remove-bypass-switches
# The secret and every setting come from the server's configuration. Nothing in a
# request (query flag, header, body field, client address) can switch verification
# off; to test locally, sign test requests with a test secret instead.
SECRET = os.environ["WEBHOOK_SECRET"].encode()
# sigprobe-fix-end

# sigprobe-fix: strict-signature-format reject-wrong-signature verify-every-request
# sigprobe-fix: compare-full-signature constant-time-verification one-algorithm-only
SIGNATURE_FORMAT = re.compile(r"HMAC_SHA256=([0-9a-f]{64})")


def signature_valid(raw_body: bytes, header: str | None) -> bool:
    # Strict format first: the tag, then exactly 64 lowercase hex digits.
    match = SIGNATURE_FORMAT.fullmatch(header or "")
    if not match:
        return False
    expected = hmac.new(SECRET, raw_body, hashlib.sha256).hexdigest()
    # Constant time, and the verdict is used as it is: no inversion, no ignoring.
    return hmac.compare_digest(expected, match.group(1))
# sigprobe-fix-end


# sigprobe-fix: reject-replays
# A delivery is acted on once: a validly signed request seen before (the same
# signature over the same bytes) is refused, so a captured request cannot be replayed.
# In production keep this set in shared storage (the cache, the database) with an
# expiry longer than the sender's retry window.
seen_signatures = set()


def first_delivery(signature: str) -> bool:
    if signature in seen_signatures:
        return False
    seen_signatures.add(signature)
    return True
# sigprobe-fix-end


# sigprobe-fix: verify-every-request verify-all-methods verify-before-processing
# sigprobe-fix: generic-rejection reject-replays enforce-spec-security
def signed_post_only(view):
    # csrf_exempt because the signature, not a cookie token, authenticates the sender.
    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        # Every method but POST is refused, and no method-override header is honoured.
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # request.body is the raw bytes; nothing has been parsed yet.
        if not signature_valid(request.body, request.headers.get("X-Webhook-Signature")):
            # One generic answer for missing, empty, malformed and wrong signatures.
            return JsonResponse({"error": "invalid signature"}, status=401)
        if not first_delivery(request.headers["X-Webhook-Signature"]):
            return JsonResponse({"error": "duplicate delivery"}, status=409)
        return view(request, *args, **kwargs)

    return checked
# sigprobe-fix-end


# sigprobe-fix: verify-before-processing
@signed_post_only
def webhook(request):
    try:
        event = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    deliveries.append(event)
    return JsonResponse({"ok": True})
# sigprobe-fix-end


# sigprobe-fix: require-authentication
# Every state-changing view carries the same decorator, not only the main one.
@signed_post_only
def redeliver(request):
    return JsonResponse({"ok": True, "queued": len(deliveries)})
# sigprobe-fix-end


urlpatterns = [
    path("webhook", webhook),
    path("webhook/redeliver", redeliver),
]
from django.core.wsgi import get_wsgi_application  # noqa: E402  (needs the settings)

application = get_wsgi_application()

if __name__ == "__main__":
    from _serve import serve_wsgi

    serve_wsgi(application)
