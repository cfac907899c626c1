"""Serve Codekamp's JupyterLite site to a room, from the teacher's laptop, with no internet.

The laptop only hands out files (about 30 MB per pupil, once); Python runs in each pupil's
own browser. Pupils type the address this prints, on the same Wi-Fi or network as the laptop.

    make camp                       # builds the site if needed, then serves it on port 8000
    python tools/camp_server.py build/lite --port 8000
"""

from __future__ import annotations

import argparse
import errno
import functools
import gzip
import io
import os
import socket
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MIME_TYPES = {
    ".wasm": "application/wasm",  # browsers compile WebAssembly only when it says so
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".ipynb": "application/json",
}

# The teacher may speak any of the course's languages: every message is given in all three.
MESSAGES = {
    "serving": (
        "Codekamp is klaar. Leerlingen typen in hun browser:\n"
        "Codekamp est prêt. Les élèves tapent dans leur navigateur :\n"
        "Codekamp is ready. Pupils type in their browser:"
    ),
    "same_network": (
        "(op hetzelfde wifi-netwerk als deze laptop · sur le même wifi que cet ordinateur · "
        "on the same Wi-Fi as this laptop)\nStoppen · arrêter · stop: Ctrl+C"
    ),
    "no_network": (
        "Deze laptop heeft geen netwerk: enkel hijzelf kan de site openen.\n"
        "Cet ordinateur n'a pas de réseau : lui seul peut ouvrir le site.\n"
        "This laptop has no network: only it can open the site."
    ),
    "port_taken": (
        "Poort {port} is al in gebruik. Kies een andere: make camp CAMP_PORT=8080\n"
        "Le port {port} est déjà utilisé. Choisissez-en un autre : make camp CAMP_PORT=8080\n"
        "Port {port} is already in use. Choose another: make camp CAMP_PORT=8080"
    ),
    "no_site": (
        "Er is nog geen site in {site}. Bouw eerst de site: make lite\n"
        "Il n'y a pas encore de site dans {site}. Construisez-le d'abord : make lite\n"
        "There is no site in {site} yet. Build it first: make lite"
    ),
    "pupil": "+ {address} ({count})",
}


def network_addresses() -> list[str]:
    """This computer's IPv4 addresses that other computers can reach (not 127.x)."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    except OSError:
        pass
    # The address of the way out: connecting a UDP socket sends nothing.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return sorted(address for address in found if not address.startswith("127."))


def pupil_addresses(port: int) -> list[str]:
    """What pupils type: one address per network this laptop is on."""
    return [f"http://{address}:{port}/" for address in network_addresses()]


COMPRESSIBLE = (".wasm", ".js", ".mjs", ".json", ".html", ".css", ".svg", ".ipynb", ".map")
"""Files worth compressing: Pyodide's WebAssembly shrinks to a third, JupyterLab's code to a
quarter. Wheels and zips are compressed already."""


@functools.lru_cache(maxsize=512)
def compressed(path: str, modified: float) -> bytes:
    """The file at ``path``, gzipped (kept in memory: the first pupil waits, not the others)."""
    with open(path, "rb") as file:
        return gzip.compress(file.read(), compresslevel=6, mtime=0)


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the types browsers need, compressed when the browser accepts it (a
    room's Wi-Fi is the limit, not the laptop), kept-alive connections, and one line per new
    pupil instead of one per file."""

    protocol_version = "HTTP/1.1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    seen: set[str] = set()
    lock = threading.Lock()

    def send_head(self):  # noqa: ANN201 (http.server's own signature)
        path = self.translate_path(self.path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        modified = self.date_time_string(int(os.path.getmtime(path)))
        if self.headers.get("If-Modified-Since") == modified:  # a pupil's second visit
            self.send_response(304)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        body = compressed(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        with self.lock:
            if self.client_address[0] in self.seen:
                return
            self.seen.add(self.client_address[0])
            count = len(self.seen)
        print(MESSAGES["pupil"].format(address=self.client_address[0], count=count), flush=True)


def make_server(site: Path, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """A server for ``site`` on ``port`` (every network of this computer by default)."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (build/lite)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="0.0.0.0", help="0.0.0.0: every network")
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file():
        print(MESSAGES["no_site"].format(site=arguments.site), file=sys.stderr)
        return 1
    try:
        server = make_server(arguments.site, arguments.port, arguments.host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(MESSAGES["port_taken"].format(port=arguments.port), file=sys.stderr)
            return 1
        raise
    addresses = pupil_addresses(arguments.port)
    print(MESSAGES["serving"])
    for address in addresses or [f"http://localhost:{arguments.port}/"]:
        print(f"\n    {address}\n")
    print(MESSAGES["same_network"] if addresses else MESSAGES["no_network"], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
