"""Proof of time for editions: an RFC 3161 timestamp over the edition's fixity manifest.

A git tag says when someone *says* an edition was made; a timestamp token from a timestamp
authority (TSA) proves that the edition's fixity manifest, and so every seed and archived
file it lists by SHA-256, existed no later than the time the authority signed. ``make
edition`` asks the authority named by ``SEEDARCHIVE_TSA_URL`` (optional: an edition without
one says so in the changelog) and commits, beside the manifest, in ``fixity/editions/NAME/``:

    manifest-sha256.txt   the fixity manifest as it was at the edition (the message stamped)
    timestamp.tsr         the authority's response (DER, RFC 3161 TimeStampResp)

``seedarchive verify`` checks every token offline: the manifest copy's SHA-256 equals the
token's message imprint, the manifest copy equals the manifest at the tag ``edition/NAME``
(when the tag is there), the signature is the authority's, and the authority's certificate
chains to a root certificate the archive trusts: ``SEEDARCHIVE_TSA_CERTS``, or the PEM file
``fixity/tsa-certificates.pem`` that the archive commits when it chooses its authority. No
network is used to verify. The library is rfc3161-client (Trail of Bits); it sends nothing
itself: the request is posted here with urllib.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from seedarchive.errors import ArchiveError

if TYPE_CHECKING:
    from cryptography.x509 import Certificate
    from rfc3161_client import TimeStampRequest

FOLDER = Path("fixity") / "editions"
MANIFEST = Path("fixity") / "manifest-sha256.txt"
RESPONSE = "timestamp.tsr"
STAMPED = "manifest-sha256.txt"
DEFAULT_CERTS = Path("fixity") / "tsa-certificates.pem"
URL_VARIABLE = "SEEDARCHIVE_TSA_URL"
CERTS_VARIABLE = "SEEDARCHIVE_TSA_CERTS"
TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Proof:
    """What a checked token proves: the edition's manifest existed at ``time``."""

    edition: str
    time: datetime
    authority: str
    serial: int
    manifest_sha256: str


def authority_url() -> str | None:
    """The timestamp authority's URL (``SEEDARCHIVE_TSA_URL``), or None: editions unstamped."""
    return os.environ.get(URL_VARIABLE, "").strip() or None


def trusted_certificates(repo: Path) -> Path | None:
    """The PEM file of the certificates the archive trusts to sign timestamps, if any."""
    named = os.environ.get(CERTS_VARIABLE, "").strip()
    if named:
        path = Path(named)
        if not path.is_file():
            raise ArchiveError(
                f"{CERTS_VARIABLE}={named}: no such file. Fix: name the PEM file of the timestamp "
                "authority's certificates (its root, and any intermediate)"
            )
        return path
    path = repo / DEFAULT_CERTS
    return path if path.is_file() else None


def _load_certificates(path: Path) -> tuple[list[Certificate], list[Certificate]]:
    """(roots, intermediates) from a PEM file: self-signed certificates are roots."""
    from cryptography import x509

    try:
        certificates = x509.load_pem_x509_certificates(path.read_bytes())
    except ValueError as error:
        raise ArchiveError(f"{path}: not a PEM file of certificates ({error}). Fix: replace it") from error
    roots = [c for c in certificates if c.issuer == c.subject]
    if not roots:
        raise ArchiveError(f"{path}: holds no root (self-signed) certificate. Fix: add the authority's root")
    return roots, [c for c in certificates if c.issuer != c.subject]


def _request(manifest: bytes) -> TimeStampRequest:
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    return (
        TimestampRequestBuilder()
        .data(manifest)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )


def obtain(url: str, manifest: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """Ask the authority at ``url`` to stamp ``manifest``; the response's bytes, checked to
    answer this request (granted, same imprint and nonce)."""
    from rfc3161_client import PKIStatus, decode_timestamp_response

    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ArchiveError(f"{URL_VARIABLE}={url}: not an http or https URL. Fix: give the authority's URL")
    request = _request(manifest)
    post = urllib.request.Request(  # noqa: S310  # http(s) only, checked above
        url,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(post, timeout=timeout) as reply:  # noqa: S310  # http(s) only
            data: bytes = reply.read()
    except (urllib.error.URLError, OSError) as error:
        raise ArchiveError(
            f"the timestamp authority {url} did not answer ({error}). Fix: check {URL_VARIABLE} and the "
            "network and run again, or unset it to make the edition without a timestamp"
        ) from error
    try:
        response = decode_timestamp_response(data)
    except ValueError as error:
        raise ArchiveError(f"the timestamp authority {url} sent no RFC 3161 response ({error})") from error
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise ArchiveError(f"the timestamp authority {url} refused the request: {response.status_string}")
    info = response.tst_info
    if info.message_imprint.message != hashlib.sha256(manifest).digest() or info.nonce != request.nonce:
        raise ArchiveError(f"the timestamp authority {url} stamped something else than this edition's manifest")
    return data


def check(edition: str, token: bytes, manifest: bytes, certificates: Path) -> Proof:
    """Check ``token`` over ``manifest`` against the trusted ``certificates``, offline."""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    roots, intermediates = _load_certificates(certificates)
    try:
        response = decode_timestamp_response(token)
    except ValueError as error:
        raise ArchiveError(f"edition {edition}: {RESPONSE} is not an RFC 3161 response ({error})") from error
    builder = VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    for intermediate in intermediates:
        builder = builder.add_intermediate_certificate(intermediate)
    try:
        builder.build().verify_message(response, manifest)
    except VerificationError as error:
        raise ArchiveError(f"edition {edition}: the timestamp does not hold ({error})") from error
    info = response.tst_info
    return Proof(
        edition=edition,
        time=info.gen_time,
        authority=_authority_name(info.name),
        serial=int(info.serial_number),
        manifest_sha256=hashlib.sha256(manifest).hexdigest(),
    )


def _authority_name(name: object) -> str:
    """The authority's name as the token gives it (its common name where it has one)."""
    from cryptography import x509

    if isinstance(name, x509.DirectoryName):
        common = name.value.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return str(common[0].value) if common else name.value.rfc4514_string()
    if isinstance(name, x509.GeneralName):
        return str(name.value)
    return ""


def record(repo: Path, edition: str, manifest: bytes, token: bytes) -> list[Path]:
    """Write the stamped manifest and the token under ``fixity/editions/EDITION/``."""
    folder = repo / FOLDER / edition
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in ((STAMPED, manifest), (RESPONSE, token)):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def stamp(repo: Path, edition: str, url: str) -> Proof:
    """Obtain, check and record the timestamp of the manifest as it is now in ``repo``."""
    manifest = (repo / MANIFEST).read_bytes()
    certificates = trusted_certificates(repo)
    if certificates is None:
        raise ArchiveError(
            f"{URL_VARIABLE} is set but no certificates are trusted to check its timestamps. Fix: save the "
            f"authority's root certificate (PEM) as {DEFAULT_CERTS} and commit it, or name it in {CERTS_VARIABLE}"
        )
    token = obtain(url, manifest)
    proof = check(edition, token, manifest, certificates)
    record(repo, edition, manifest, token)
    return proof


def stamped(repo: Path) -> list[str]:
    """The editions that have a token, by name."""
    folder = repo / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / RESPONSE).is_file())


def verify(repo: Path, manifest_at: dict[str, bytes | None]) -> tuple[list[Proof], list[str]]:
    """Check every edition's token offline; (proofs, problems). ``manifest_at`` gives each
    edition's manifest at its tag (None where the tag is not in this clone)."""
    proofs: list[Proof] = []
    problems: list[str] = []
    names = stamped(repo)
    if not names:
        return proofs, problems
    try:
        certificates = trusted_certificates(repo)
    except ArchiveError as error:
        return proofs, [str(error)]
    if certificates is None:
        return proofs, [
            f"{len(names)} edition timestamp(s) in {FOLDER} but no trusted certificates to check them. "
            f"Fix: commit the authority's root certificate as {DEFAULT_CERTS} or name it in {CERTS_VARIABLE}"
        ]
    for name in names:
        folder = repo / FOLDER / name
        copy = folder / STAMPED
        shown = (FOLDER / name / STAMPED).as_posix()
        if not copy.is_file():
            problems.append(f"edition {name}: {shown} is missing, so its timestamp proves nothing. Fix: restore it")
            continue
        manifest = copy.read_bytes()
        at_tag = manifest_at.get(name)
        if at_tag is not None and at_tag != manifest:
            problems.append(
                f"edition {name}: {shown} differs from the manifest at the tag edition/{name}. "
                f"Fix: restore it from the tag (git show edition/{name}:{MANIFEST.as_posix()})"
            )
            continue
        try:
            proofs.append(check(name, (folder / RESPONSE).read_bytes(), manifest, certificates))
        except ArchiveError as error:
            problems.append(f"{error}. Fix: restore {folder} from version control")
    return proofs, problems
