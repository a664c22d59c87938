"""GitHub-style receiver deployed with the placeholder a setup tutorial told the reader
to replace. It sits past the online check's first 20 entries, so only the offline
crack of a captured delivery (L1) finds it."""
from _receiver import serve

if __name__ == "__main__":
    serve(b"your_webhook_secret", "github")
