"""GitHub-style receiver still running with its development configuration's secret."""
from _receiver import serve

if __name__ == "__main__":
    serve(b"development", "github")
