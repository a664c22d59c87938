"""Start-up shared by the fix receivers when the tests run them as lab targets.

Binds a free loopback port, prints `LISTENING <port>` (the harness reads it) and
serves. Nothing here is part of the fixes users copy.
"""
import socket
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        pass

    def get_environ(self):
        environ = super().get_environ()
        # The request target as received, which production servers pass on (gunicorn
        # as RAW_URI, uWSGI and mod_wsgi as REQUEST_URI) and wsgiref does not; the
        # timestamped receivers sign the path and query as sent.
        environ["RAW_URI"] = self.path
        return environ


def serve_wsgi(app):
    server = make_server("127.0.0.1", 0, app, _ThreadingWSGIServer, _QuietHandler)
    print(f"LISTENING {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.exit(0)


def serve_asgi(app):
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # Listening before announcing the port: connections wait in the backlog until
    # uvicorn starts accepting, instead of being refused.
    sock.listen(128)
    print(f"LISTENING {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
