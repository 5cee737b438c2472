"""A real SMTP server for QuantKit's Alerts tests (aiosmtpd), on loopback.

Usage:
  python3 smtp_server.py --port 0 --maildir DIR [--starttls CERT KEY | --implicit CERT KEY]
                         [--auth USER:PASSWORD] [--mode accept|refuse|drop-data]
  python3 smtp_server.py --make-cert DIR      # self-signed certificate for "localhost"

Prints "READY <port>" on stdout once listening; every accepted message is written to
DIR/<n>.eml. Runs until terminated.
"""
import argparse
import signal
import asyncio
import datetime
import pathlib
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_cert(directory: pathlib.Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    print(f"wrote {directory}/cert.pem and key.pem")


class Handler:
    def __init__(self, maildir: pathlib.Path, mode: str):
        self.maildir = maildir
        self.mode = mode
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        (self.maildir / f"{self.count}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class DroppingSMTP(SMTP):
    """Closes the connection in the middle of DATA."""

    async def smtp_DATA(self, arg):
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        await self._reader.readline()
        self.transport.close()


def authenticator_for(credentials: str):
    user, password = credentials.split(":", 1)

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


class DroppingController(Controller):
    def factory(self):
        return DroppingSMTP(self.handler, **self.SMTP_kwargs)


def main() -> None:
    # A parent may spawn us with signals blocked (Foundation's Process on Linux does);
    # unblock them so that SIGTERM stops the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    parser.add_argument("--mode", default="accept", choices=["accept", "refuse", "drop-data"])
    parser.add_argument("--make-cert")
    args = parser.parse_args()
    if args.make_cert:
        make_cert(pathlib.Path(args.make_cert))
        return
    maildir = pathlib.Path(args.maildir)
    maildir.mkdir(parents=True, exist_ok=True)
    handler = Handler(maildir, args.mode)
    kwargs = {}
    controller_kwargs = {}
    if args.starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.starttls)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.implicit:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.implicit)
        controller_kwargs["ssl_context"] = context
    if args.auth:
        # With implicit TLS the whole session is encrypted, but aiosmtpd only recognises STARTTLS
        # sessions as TLS for auth_require_tls, so the requirement applies to STARTTLS only.
        kwargs.update(authenticator=authenticator_for(args.auth), auth_require_tls=bool(args.starttls))
    port = args.port
    if port == 0:
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    cls = DroppingController if args.mode == "drop-data" else Controller
    controller = cls(handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **controller_kwargs, **kwargs)
    controller.start()
    print(f"READY {port}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
