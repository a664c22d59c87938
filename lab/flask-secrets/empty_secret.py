"""Plain-header receiver whose secret is empty: WEBHOOK_SECRET was never set and the
code fell back to os.environ.get("WEBHOOK_SECRET", "")."""
import os

from _receiver import serve

if __name__ == "__main__":
    serve(os.environ.get("LAB_UNSET_WEBHOOK_SECRET", "").encode(), "plain")
