"""GitHub-style receiver with a strong random secret: nothing to find. The harness
passes 32 random bytes as hex in LAB_STRONG_SECRET."""
import os

from _receiver import serve

if __name__ == "__main__":
    secret = os.environ.get("LAB_STRONG_SECRET", "")
    if len(secret) < 32:
        raise SystemExit("LAB_STRONG_SECRET must hold a random secret of at least 32 characters")
    serve(secret.encode(), "github")
