#!/usr/bin/env python3
"""Decrypts one Web Push body with http_ece, an implementation nobody here wrote.

Reads one JSON object from stdin:

    {"private_key": "<base64url raw 32-byte P-256 scalar>",
     "auth": "<base64url 16-byte auth secret>",
     "body": "<base64url aes128gcm body as the push service received it>"}

and prints the plaintext (UTF-8) to stdout. Any failure prints a message to stderr and exits
non-zero (1 for a body that does not decrypt, 2 for bad input, 3 for a venv that cannot be made).

Our receiver (tests/api/push_receiver.rs) decrypts with our own code, so it could share a mistake
with our sender; http_ece decrypts as RFC 8188 and RFC 8291 say, as a browser does. For
aes128gcm the sender's public key is the key id in the body's header, so only the subscriber's
private key and auth secret are needed.

http_ece lives in a virtual environment of its own, made on first use under $SETELI_CI_CACHE
(default ~/.cache/seteli-ci)/push-decrypt-venv with exactly the pinned packages below, and reused
afterwards; the script then runs itself again with that venv's Python. Concurrent runs wait for
one another while the venv is made.

Usage: echo '{"private_key": ..., "auth": ..., "body": ...}' | python3 .ci/push_decrypt.py
"""

import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys

# Every package of the venv, pinned: a new release would change what the check says with no
# change here.
PINS = [
    "http_ece==1.2.1",
    "cryptography==51.0.1",
    "cffi==2.1.1",
    "pycparser==3.12",
]

IN_VENV = "SETELI_PUSH_DECRYPT_VENV"


def fail(code, message):
    print(f"push_decrypt: {message}", file=sys.stderr)
    sys.exit(code)


def venv_dir():
    cache = os.environ.get("SETELI_CI_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "seteli-ci")
    return os.path.join(cache, "push-decrypt-venv")


def ensure_venv():
    """Makes the venv with the pinned packages unless it is there for this Python already;
    answers its Python."""
    venv = venv_dir()
    python = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, "push-decrypt-stamp")
    want = "\n".join(PINS + [sys.version]) + "\n"
    os.makedirs(os.path.dirname(venv), exist_ok=True)
    with open(venv + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(stamp) as f:
                if f.read() == want:
                    return python
        except OSError:
            pass
        print(f"push_decrypt: making the venv in {venv}", file=sys.stderr)
        shutil.rmtree(venv, ignore_errors=True)
        # Quiet, and on stderr: stdout carries only the plaintext.
        for command in (
            [sys.executable, "-m", "venv", venv],
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS],
        ):
            done = subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr)
            if done.returncode != 0:
                fail(3, f"could not make the venv: {' '.join(command)} exited {done.returncode}")
        # Written last, so that a venv left half made by a failed run is made again.
        with open(stamp, "w") as f:
            f.write(want)
    return python


def b64url(name, value):
    if not isinstance(value, str):
        fail(2, f"{name!r} must be a base64url string")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError as e:
        fail(2, f"{name!r} is not base64url: {e}")


def decrypt():
    import http_ece
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        given = json.load(sys.stdin)
    except ValueError as e:
        fail(2, f"stdin is not one JSON object: {e}")
    if not isinstance(given, dict):
        fail(2, "stdin must hold one JSON object")
    missing = [k for k in ("private_key", "auth", "body") if k not in given]
    if missing:
        fail(2, f"missing {', '.join(missing)}")

    scalar = b64url("private_key", given["private_key"])
    auth = b64url("auth", given["auth"])
    body = b64url("body", given["body"])
    if len(scalar) != 32:
        fail(2, f"private_key is {len(scalar)} bytes, expected a raw 32-byte P-256 scalar")
    if len(auth) != 16:
        fail(2, f"auth is {len(auth)} bytes, expected 16")
    try:
        private_key = ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())
    except ValueError as e:
        fail(2, f"private_key is not a P-256 scalar: {e}")

    try:
        # aes128gcm: salt, rs and the sender's public key (the key id) come from the body's header.
        plaintext = http_ece.decrypt(body, private_key=private_key, auth_secret=auth, version="aes128gcm")
    except Exception as e:  # http_ece raises ECEException, cryptography InvalidTag and others
        fail(1, f"http_ece {http_ece_version()} could not decrypt the body: {type(e).__name__}: {e}")
    try:
        plaintext.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(1, f"the plaintext is not UTF-8: {e}")
    # The bytes as they are, whatever the locale's encoding.
    sys.stdout.buffer.write(plaintext)
    sys.stdout.flush()


def http_ece_version():
    try:
        from importlib.metadata import version

        return version("http_ece")
    except Exception:
        return "?"


def main():
    if os.environ.get(IN_VENV) != "1":
        python = ensure_venv()
        env = dict(os.environ, **{IN_VENV: "1"})
        os.execve(python, [python, os.path.abspath(__file__), *sys.argv[1:]], env)
    decrypt()


if __name__ == "__main__":
    main()
