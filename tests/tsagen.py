"""A local RFC 3161 timestamp authority for tests, made with ``openssl`` (no network).

:func:`authority` writes a root certificate, a timestamping certificate it signs (extended
key usage ``timeStamping``, critical, as RFC 3161 requires) and an ``openssl ts``
configuration into a folder; :func:`serve` answers ``application/timestamp-query`` POSTs on
127.0.0.1 by running ``openssl ts -reply`` on each, as a real authority's HTTP front does.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG = """\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ tsa_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./serial
signer_cert = ./tsa.pem
certs = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass(frozen=True)
class Authority:
    folder: Path
    name: str

    @property
    def root(self) -> Path:
        """The root certificate (PEM) an archive trusts."""
        return self.folder / "root.pem"

    @property
    def signer(self) -> Path:
        return self.folder / "tsa.pem"


def _openssl(folder: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)


def authority(folder: Path, name: str = "Test Timestamp Authority") -> Authority:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tsa.cnf").write_text(CONFIG)
    (folder / "serial").write_text("01\n")
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl(folder, "req", "-x509", *curve, "-keyout", "root.key", "-out", "root.pem", "-days", "3650",
             "-subj", f"/CN={name} Root", "-config", "tsa.cnf", "-extensions", "ca_ext")
    _openssl(folder, "req", *curve, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", f"/CN={name}",
             "-config", "tsa.cnf")
    _openssl(folder, "x509", "-req", "-in", "tsa.csr", "-CA", "root.pem", "-CAkey", "root.key",
             "-CAcreateserial", "-out", "tsa.pem", "-days", "3650", "-extfile", "tsa.cnf", "-extensions", "tsa_ext")
    return Authority(folder, name)


class _Handler(http.server.BaseHTTPRequestHandler):
    def __init__(self, *args: Any, folder: Path, **kwargs: Any) -> None:
        self.folder = folder
        super().__init__(*args, **kwargs)

    def do_POST(self) -> None:  # http.server's name
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "q.tsq").write_bytes(query)
            done = subprocess.run(
                ["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", str(Path(tmp) / "q.tsq"),
                 "-out", str(Path(tmp) / "r.tsr")],
                cwd=self.folder, capture_output=True, check=False,
            )
            reply = (Path(tmp) / "r.tsr").read_bytes() if done.returncode == 0 else b""
        self.send_response(200 if reply else 400)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(tsa: Authority) -> Iterator[str]:
    """The authority answering on a free port of 127.0.0.1; yields its URL."""
    server = http.server.HTTPServer(("127.0.0.1", 0), functools.partial(_Handler, folder=tsa.folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
