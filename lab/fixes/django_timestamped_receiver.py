"""A Django receiver for a timestamped scheme that signs the whole request (one file).

The companion of django_receiver.py (which signs the body alone): its `sigprobe-fix:`
regions are the fixes for a bounded timestamp, a signature over every part, separated
signed fields, a strong secret, throttled failures and a declared security scheme. The
tests run and scan it like the other receivers. Scheme (timestamped.scheme.yaml):
X-Signature: v1=<hex HMAC-SHA256 of "<timestamp>\n<METHOD>\n<path>\n<query>\n<body>">,
X-Signature-Timestamp: Unix seconds; the secret from WEBHOOK_SECRET.
"""
# sigprobe-fix: *
import hashlib
import hmac
import json
import os
import re
import threading
import time
from collections import defaultdict, deque
from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt
# sigprobe-fix-end
import secrets

from django.conf import settings
from django.urls import path

# sigprobe-fix: strong-secret
# The secret comes from the environment, and the app refuses to start on one that is
# short, repetitive or a placeholder. Generate it with `openssl rand -hex 32`.
SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
PLACEHOLDER = re.compile(rb"change|default|example|placeholder|secret|test|your", re.I)
if len(SECRET) < 32 or len(set(SECRET)) < 8 or PLACEHOLDER.search(SECRET):
    raise SystemExit("WEBHOOK_SECRET must be 32 or more random bytes (openssl rand -hex 32)")
# sigprobe-fix-end

# One-file Django: settings in code instead of a settings module.
settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_hex(32),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)

# sigprobe-fix: bound-timestamps
# The timestamp is signed (the first field) and must lie within five minutes of the
# server clock, in the past or the future.
TOLERANCE_SECONDS = 300
TIMESTAMP_FORMAT = re.compile(r"[0-9]{1,12}")


def timestamp_fresh(header: str | None) -> bool:
    if header is None or not TIMESTAMP_FORMAT.fullmatch(header):
        return False
    return abs(time.time() - int(header)) <= TOLERANCE_SECONDS
# sigprobe-fix-end


# sigprobe-fix: sign-every-part separate-signed-fields
# The signature covers all the handler acts on: timestamp, method, path and query as
# sent (before percent-decoding), then the body. "\n" joins the fields: HTTP forbids
# it in the method, path and query, the timestamp is digits, and the body comes last,
# so no byte can move from one field to another.
SIGNATURE_FORMAT = re.compile(r"v1=([0-9a-f]{64})")


def signed_message(request, timestamp: str) -> bytes | None:
    # request.path is decoded ("/a%62" reads "/ab"); the raw target is RAW_URI
    # (gunicorn) or REQUEST_URI (uWSGI, mod_wsgi). Without either, nothing is verified.
    target = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if not target:
        return None
    raw_path, _, query = target.partition("?")
    fields = [timestamp, request.method, raw_path, query]
    return b"\n".join([field.encode("latin-1") for field in fields] + [request.body])


def signature_valid(request, timestamp: str, header: str | None) -> bool:
    match = SIGNATURE_FORMAT.fullmatch(header or "")
    message = signed_message(request, timestamp)
    if not match or message is None:
        return False
    expected = hmac.new(SECRET, message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, match.group(1))
# sigprobe-fix-end


# sigprobe-fix: throttle-failed-verification
# Failed verifications are counted per client address over a minute; past the limit
# the client gets 429 with Retry-After before anything is verified, so guessing stops.
# Behind a proxy, key on the address the proxy appends, never on a header the client
# sets; with several workers keep the counts in the cache (django.core.cache).
MAX_FAILURES = 100
WINDOW_SECONDS = 60
failures: dict[str, deque] = defaultdict(deque)
failures_lock = threading.Lock()


def throttled(client: str) -> bool:
    now = time.monotonic()
    with failures_lock:
        recent = failures[client]
        while recent and now - recent[0] > WINDOW_SECONDS:
            recent.popleft()
        if not recent:
            del failures[client]
        return len(recent) >= MAX_FAILURES


def record_failure(client: str) -> None:
    with failures_lock:
        failures[client].append(time.monotonic())
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps
# A signature is accepted once; remembering it as long as its timestamp is fresh is
# enough, since an older copy fails the timestamp check anyway.
seen_signatures: dict[str, float] = {}
seen_lock = threading.Lock()


def first_delivery(signature: str) -> bool:
    now = time.time()
    with seen_lock:
        for old in [s for s, expiry in seen_signatures.items() if expiry < now]:
            del seen_signatures[old]
        if signature in seen_signatures:
            return False
        seen_signatures[signature] = now + 2 * TOLERANCE_SECONDS
        return True
# sigprobe-fix-end


# sigprobe-fix: bound-timestamps sign-every-part throttle-failed-verification
def signed_post_only(view):
    # csrf_exempt because the signature, not a cookie token, authenticates the sender.
    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        client = request.META.get("REMOTE_ADDR", "unknown")
        if throttled(client):
            response = JsonResponse({"error": "too many failed signatures"}, status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        timestamp = request.headers.get("X-Signature-Timestamp")
        signature = request.headers.get("X-Signature")
        # One generic 401 for a stale timestamp and a wrong or missing signature.
        if not timestamp_fresh(timestamp) or not signature_valid(request, timestamp, signature):
            record_failure(client)
            return JsonResponse({"error": "invalid signature"}, status=401)
        if not first_delivery(signature):
            return JsonResponse({"error": "duplicate delivery"}, status=409)
        return view(request, *args, **kwargs)

    return checked
# sigprobe-fix-end


# sigprobe-fix: define-security-schemes
# The API description defines the signature as a security scheme and requires it on
# every operation (the top-level `security`), so clients, gateways and scanners know
# each call must be signed.
ORDER_EVENT = {"type": "object", "example": {"id": "evt_1", "type": "order.paid"}}
OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Order events", "version": "1.0.0"},
    "components": {
        "securitySchemes": {
            "requestSignature": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Signature",
                "description": "v1=<hex HMAC-SHA256 of timestamp, method, path, query "
                "and body joined by newlines>; X-Signature-Timestamp holds the timestamp.",
            }
        }
    },
    "security": [{"requestSignature": []}],
    "paths": {
        "/order-events": {
            "post": {
                "operationId": "receiveOrderEvent",
                "parameters": [{"name": "topic", "in": "query", "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ORDER_EVENT}},
                },
                "responses": {
                    "200": {"description": "processed"},
                    "401": {"description": "invalid signature"},
                    "429": {"description": "too many failed signatures"},
                },
            }
        }
    },
}


def openapi(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return JsonResponse(OPENAPI)
# sigprobe-fix-end


@signed_post_only
def order_events(request):
    try:
        event = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    return JsonResponse({"ok": True, "topic": request.GET.get("topic", "")})


urlpatterns = [
    path("order-events", order_events),
    path("openapi.json", openapi),
]
from django.core.wsgi import get_wsgi_application  # noqa: E402  (needs the settings)

application = get_wsgi_application()

if __name__ == "__main__":
    from _serve import serve_wsgi

    serve_wsgi(application)
