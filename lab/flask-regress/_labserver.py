"""Shared start-up for lab targets: bind a free loopback port, announce it, serve.

The test harness reads the first stdout line, `LISTENING <port>`, so ports are
chosen by the operating system and never collide between parallel tests.
"""
import logging
import os
import sys

from werkzeug.serving import make_server

SECRET = os.environ.get("LAB_SECRET", "lab-secret-7d1c0b6e2f").encode()


def run(app, host="127.0.0.1"):
    # One log line per request would drown the test output and slow the server.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server(host, 0, app, threaded=True)
    print(f"LISTENING {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.exit(0)
