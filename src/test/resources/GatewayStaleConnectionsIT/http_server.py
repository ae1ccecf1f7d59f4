"""A model endpoint as a new user writes one with Python's http.server: HTTP/1.0, the connection closed after
each answer. Answers every POST with $ANSWER (JSON), or with $EVENTS (an event stream) on a path ending in
-stream; prints its port, then serves on 127.0.0.1 until it is stopped."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        stream = self.path.endswith("-stream")
        body = os.environ["EVENTS" if stream else "ANSWER"].encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream" if stream else "application/json")
        if not stream:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
