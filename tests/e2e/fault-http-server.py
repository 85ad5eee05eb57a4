#!/usr/bin/env python3
"""fault-http-server.py — a local HTTP server for the download fault cases.

    usage: fault-http-server.py DIRECTORY PORT_FILE

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and
serves the files of DIRECTORY:

    /NAME        the file, whole
    /cut/NAME    announces the file's whole length, sends the first half,
                 then closes the connection: a download cut off

Runs until killed. Only loopback: nothing leaves the machine.
"""

import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        cut = self.path.startswith("/cut/")
        name = os.path.basename(self.path[len("/cut/"):] if cut else self.path)
        path = os.path.join(self.server.directory, name)
        if not name or not os.path.isfile(path):
            self.send_error(404)
            return
        size = os.path.getsize(path)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        limit = size // 2 if cut else size
        with open(path, "rb") as f:
            sent = 0
            while sent < limit:
                chunk = f.read(min(1 << 20, limit - sent))
                if not chunk:
                    break
                self.wfile.write(chunk)
                sent += len(chunk)
        if cut:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)

    def log_message(self, fmt, *args):
        sys.stderr.write("[fault-http] " + (fmt % args) + "\n")


def main():
    directory, port_file = sys.argv[1], sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.directory = directory
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
