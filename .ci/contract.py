#!/usr/bin/env python3
"""Checks the OpenAPI document with tools nobody here wrote, as a user of the API would.

  validate DOCUMENT   openapi-spec-validator reads the document; any error fails.
  generate DOCUMENT   openapi-python-client writes a Python client from it into a temporary
                      directory; any warning or error it prints fails, and so does a module of
                      the client that does not import with Python's warnings made errors.
  fuzz BINARY         starts a fresh demo, signs in one persona per role and runs schemathesis
                      with every check against the document the demo serves; any failure fails.

Our own tests read the document with our own code, so they share our mistakes; a tool written
elsewhere reads it as the OpenAPI specification says, which is what a client's generator does.

The tools live in a virtual environment of their own, made on first use under $SETELI_CI_CACHE
(default ~/.cache/seteli-ci) and reused afterwards. Every package in it is pinned, the tools'
dependencies too: a new release of any of them would change what the checks say with no change
here. The venv is made again when the pins or the Python change.

Usage: python3 .ci/contract.py validate openapi/openapi.json
       python3 .ci/contract.py generate [--keep DIR] openapi/openapi.json
       python3 .ci/contract.py fuzz [--postgres ADMIN_URL] [--max-time SECONDS] [--seed N]
                                    [--report-dir DIR] path/to/seteli
       python3 .ci/contract.py lock   (prints the venv's versions, to refresh LOCK below)
(with --postgres the demo runs on a new PostgreSQL database made through ADMIN_URL and dropped
afterwards; --max-time bounds each role's run, so the whole fuzz takes about four times it)

Only the standard library is used here: the tools run as programs of the venv.
"""

import argparse
import base64
import collections
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The tools. Changing a version here means refreshing LOCK (`contract.py lock`).
PINS = {
    "openapi-spec-validator": "0.9.0",
    "openapi-python-client": "0.29.1",
    "schemathesis": "4.32.5",
}

# Everything the tools pull in, at the versions they were last run with. A new Hypothesis,
# jsonschema or ruff changes what the tools find or write; the venv must hold exactly these and
# the tools, and making it fails if pip brings anything else.
LOCK = """
annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
attrs==26.1.0
certifi==2026.10.19.post1
charset-normalizer==3.5.3
click==8.5.1
graphql-core==3.3.2
h11==0.16.0
harfile==0.6.0
httpcore==1.0.9
httpx==0.28.1
hypothesis==6.170.27
hypothesis-graphql==0.13.5
idna==3.21
iniconfig==2.3.1
Jinja2==3.1.6
jsonschema==4.26.0
jsonschema-path==0.5.0
jsonschema-specifications==2025.9.1
jsonschema_rs==0.60.3
lazy-object-proxy==1.13.0
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mdurl==0.1.2
openapi-schema-validator==0.9.0
packaging==26.4
pathable==0.6.0
pluggy==1.7.0
pydantic==2.14.4
pydantic-settings==2.16.3
pydantic_core==2.50.5
Pygments==2.21.0
pyrate-limiter==4.6.0
pytest==9.2.0
python-dotenv==1.2.4
PyYAML==6.0.4
referencing==0.37.0
requests==2.34.2
rfc3339-validator==0.1.4
rich==15.0.0
rpds-py==2026.9.1
ruamel.yaml==0.19.1
ruff==0.17.6
shellingham==1.5.4
six==1.17.0
sortedcontainers==2.4.0
typer==0.27.3
typing-inspection==0.4.5
typing_extensions==4.16.0
urllib3==2.8.0
Werkzeug==3.1.9
"""

# One persona per role, in the order the runs go. The helper (a relative with a mandate) goes
# first: the client's run may revoke the mandate, after which the helper would see nothing.
ROLES = [
    ("helper", "relative"),
    ("provider staff", "staff-heinola"),
    ("caseworker", "caseworker-heinola"),
    ("client", "client-heinola"),
]

# Left out of every fuzz run: they end the run's own session, after which every request answers
# 401 and the rest of the run tests nothing.
SIGN_OUT = [
    "POST /api/v1/auth/logout",
    "DELETE /api/v1/me/sessions",
]

# Schemathesis checks left out of the fuzz run, each with the reason, which the run prints.
# Every other check of `--checks all` runs.
EXCLUDED_CHECKS = {
    "positive_data_acceptance": (
        "it expects every schema-valid request to succeed, but the document cannot state the "
        "rules behind a 4xx it lists: a cursor the server made, an identity code's check "
        "character, a push endpoint that resolves to a public address, a mandate's period "
        "within the rulebook, a socket's Upgrade handshake, providers that offer the service. "
        "Each such refusal is a documented 400/422 problem (RFC 9110 15.5.1, 15.5.21) with its "
        "code; each rule has its own test in tests/api"
    ),
}

# Seconds of one role's schemathesis run: it keeps drawing cases until the time is spent.
DEFAULT_MAX_TIME = 50


def log(*parts):
    print("contract:", *parts, flush=True)


# --------------------------------------------------------------------------- the tools' venv


def cache_dir():
    return os.environ.get("SETELI_CI_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "seteli-ci")


def venv_dir():
    return os.path.join(cache_dir(), "venv")


def tool(name):
    return os.path.join(venv_dir(), "bin", name)


def canonical(requirement):
    """`Name_x==1.0` as pip freeze may spell it, in one spelling: `name-x==1.0`."""
    name, _, version = requirement.partition("==")
    return re.sub(r"[-_.]+", "-", name).lower() + "==" + version


def wanted():
    return sorted(canonical(r) for r in LOCK.split() + [f"{n}=={v}" for n, v in PINS.items()])


def ensure_venv():
    """Makes the venv with exactly the pinned packages, unless it is there already."""
    venv = venv_dir()
    stamp_path = os.path.join(venv, "seteli-ci-stamp")
    stamp = hashlib.sha256(json.dumps([sys.version, wanted()]).encode()).hexdigest()
    os.makedirs(cache_dir(), exist_ok=True)
    # Two runs sharing the cache wait for each other instead of building over each other.
    with open(os.path.join(cache_dir(), "venv.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(stamp_path) as f:
                if f.read().strip() == stamp:
                    return
        except OSError:
            pass
        started = time.monotonic()
        log(f"making the tools' venv in {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        pip = [tool("python"), "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as constraints:
            constraints.write(LOCK)
            constraints.flush()
            pins = [f"{n}=={v}" for n, v in PINS.items()]
            subprocess.run(pip + ["install", "-c", constraints.name] + pins, check=True)
        subprocess.run(pip + ["check"], check=True)
        have = sorted(canonical(r) for r in installed())
        if have != wanted():
            extra = sorted(set(have) - set(wanted()))
            missing = sorted(set(wanted()) - set(have))
            raise RuntimeError(f"the venv is not what LOCK says (refresh it with `contract.py lock`): "
                               f"installed but not in LOCK {extra}, in LOCK but not installed {missing}")
        # Written last, so that a venv left half made by a failed run is made again.
        with open(stamp_path, "w") as f:
            f.write(stamp + "\n")
        log(f"venv made in {time.monotonic() - started:.1f}s")


def installed():
    freeze = subprocess.run([tool("python"), "-m", "pip", "freeze", "--all", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout.split()
    # pip and setuptools come with the venv, from the Python, and change with it.
    return [r for r in freeze if r.split("==")[0].lower() not in ("pip", "setuptools", "wheel")]


def tool_env():
    """The tools' environment: the venv's bin first on PATH, where the generator looks for ruff
    (without it the client is not formatted and the generator warns)."""
    env = dict(os.environ, NO_COLOR="1")
    env["PATH"] = os.path.join(venv_dir(), "bin") + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONPATH", None)
    return env


# --------------------------------------------------------------------------- validate


def cmd_validate(args):
    ensure_venv()
    started = time.monotonic()
    run = subprocess.run(
        [tool("openapi-spec-validator"), "--validation-errors", "all", "--subschema-errors", "all",
         os.path.abspath(args.document)],
        env=tool_env(), capture_output=True, text=True,
    )
    took = time.monotonic() - started
    print((run.stdout + run.stderr).strip())
    version = f"openapi-spec-validator {PINS['openapi-spec-validator']}"
    if run.returncode != 0:
        log(f"validate: FAILED in {took:.1f}s ({version}, exit {run.returncode})")
        return 1
    log(f"validate: passed in {took:.1f}s ({version})")
    return 0


# --------------------------------------------------------------------------- generate

# What the generator prints when something in the document is not understood: a banner, then
# one block per problem (a header, a detail, the piece of the document). A skipped post-hook
# is a warning of its own ("ruff is not in PATH").
GENERATOR_ALARMS = ("Warning(s) encountered", "Error(s) encountered", "is not in PATH")

# Imports every module of the generated package, so that a name the generator made up that is
# not valid Python, or that shadows something, shows here and not in a user's project.
IMPORT_ALL = r"""
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(f"{len(names) + 1} modules of the client import")
"""


def cmd_generate(args):
    ensure_venv()
    started = time.monotonic()
    failed = False
    with tempfile.TemporaryDirectory(prefix="seteli-contract-client-") as tmp:
        package = "seteli_client"
        out = os.path.join(tmp, package)
        run = subprocess.run(
            [tool("openapi-python-client"), "generate", "--path", os.path.abspath(args.document),
             "--meta", "none", "--output-path", out, "--fail-on-warning"],
            cwd=tmp, env=tool_env(), capture_output=True, text=True,
        )
        # Progress goes to stdout and every problem to stderr; --fail-on-warning makes a warning
        # exit 1. Anything on stderr fails too, so that a warning printed some other way (a
        # Python warning of the generator itself, say) is not missed.
        alarms = [a for a in GENERATOR_ALARMS if a in run.stdout + run.stderr]
        if run.returncode != 0 or alarms or run.stderr.strip():
            failed = True
            log(f"generate: the generator reported problems (exit {run.returncode}):")
            print(run.stderr.strip() or run.stdout.strip())
        if os.path.isdir(out):
            check = subprocess.run([tool("python"), "-W", "error", "-c", IMPORT_ALL, package],
                                   cwd=tmp, env=tool_env(), capture_output=True, text=True)
            if check.returncode != 0:
                failed = True
                log("generate: the client does not import:")
                print(check.stderr.strip()[-4000:])
            else:
                log("generate:", check.stdout.strip())
            if args.keep:
                shutil.rmtree(args.keep, ignore_errors=True)
                shutil.copytree(out, args.keep)
                log(f"generate: the client is kept in {args.keep}")
        else:
            failed = True
            log("generate: no client was written")
    took = time.monotonic() - started
    version = f"openapi-python-client {PINS['openapi-python-client']}"
    log(f"generate: {'FAILED' if failed else 'passed'} in {took:.1f}s ({version})")
    return 1 if failed else 0


# --------------------------------------------------------------------------- fuzz


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sign_in(base, persona):
    """An access token for the persona. Sign-in is rate-limited per address: a 429 is waited out."""
    for _ in range(10):
        status, headers, body = request("POST", f"{base}/api/v1/auth/dev-login", {"persona": persona})
        if status == 200:
            return json.loads(body)["access_token"]
        if status != 429:
            break
        time.sleep(min(float(headers.get("Retry-After") or 2), 10))
    raise RuntimeError(f"dev-login as {persona} answered {status}: {body[:300]!r}")


def decode(blob):
    """A body as schemathesis records it."""
    if isinstance(blob, dict) and "$base64" in blob:
        return base64.b64decode(blob["$base64"])
    if isinstance(blob, dict) and "string" in blob:
        return blob["string"].encode()
    return str(blob or "").encode()


def as_curl(recorded):
    """A curl command that sends a recorded request again, the token left to $TOKEN."""
    parts = ["curl", "-i", "-X", recorded["method"]]
    for name, values in (recorded.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            if name.lower() == "authorization":
                parts += ["-H", '"Authorization: Bearer $TOKEN"']
            else:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
    body = decode(recorded.get("body"))
    if body:
        try:
            parts += ["--data-binary", shlex.quote(body.decode("utf-8"))]
        except UnicodeDecodeError:
            parts.append(f"--data-binary @<(printf %s {body.hex()} | xxd -r -p)")
    parts.append(shlex.quote(recorded["uri"]))
    return " ".join(parts)


def read_failures(events_path):
    """The failures of one schemathesis run, one per check, operation, failure, status and
    problem code, with how many times each came and the first as an example; and the run's own
    errors (an operation it could not test, say)."""
    found = collections.OrderedDict()
    errors = []
    if not os.path.exists(events_path):
        return found, ["schemathesis wrote no events"]
    with open(events_path, encoding="utf-8") as f:
        for line in f:
            kind, event = next(iter(json.loads(line).items()))
            if kind in ("NonFatalError", "FatalError"):
                errors.append((event.get("info") or {}).get("message") or json.dumps(event)[:500])
            if kind != "ScenarioFinished":
                continue
            recorder = event.get("recorder") or {}
            interactions = recorder.get("interactions") or {}
            for case_id, checks in (recorder.get("checks") or {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    interaction = interactions.get(case_id) or {}
                    response = interaction.get("response") or {}
                    body = decode(response.get("content"))
                    try:
                        code = json.loads(body).get("code")
                    except (ValueError, AttributeError):
                        code = None
                    key = (check["name"], failure.get("operation") or recorder.get("label"),
                           failure.get("title"), response.get("status_code"), code)
                    entry = found.setdefault(key, {"count": 0, "example": None})
                    entry["count"] += 1
                    if entry["example"] is None and interaction.get("request"):
                        entry["example"] = {
                            "curl": as_curl(interaction["request"]),
                            "message": failure.get("message"),
                            "allow": ", ".join((response.get("headers") or {}).get("allow") or []),
                            "body": body.decode("utf-8", "replace")[:600],
                        }
    return found, errors


def fuzz_one(base, role, persona, token, args, reports):
    """One role's schemathesis run, and what it found."""
    slug = role.replace(" ", "-")
    events = os.path.join(reports, f"{slug}.ndjson")
    command = [
        tool("schemathesis"), "--no-color", "run", f"{base}/openapi.json",
        "--url", base,
        "-H", f"Authorization: Bearer {token}",
        "--checks", "all",
        "--max-time", str(args.max_time),
        "--continue-on-failure",
        "--request-timeout", "10",
        # Every run starts from nothing: a database of past examples would make runs differ.
        "--generation-database", "none",
        # Header values stay in the reports, so that their curls send the same request; the
        # token in them is a throwaway demo's.
        "--output-sanitize", "false",
        "--report", "ndjson", "--report-ndjson-path", events,
    ]
    if EXCLUDED_CHECKS:
        command += ["--exclude-checks", ",".join(EXCLUDED_CHECKS)]
    for label in SIGN_OUT:
        command += ["--exclude-name", label]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    log(f"fuzz: {role} ({persona}) ...")
    started = time.monotonic()
    try:
        # The hard stop, if schemathesis overruns its own limit: loading the document and the
        # last requests take a little beyond --max-time, never minutes.
        run = subprocess.run(command, cwd=reports, env=tool_env(), capture_output=True, text=True,
                             timeout=args.max_time + 120)
        exit_code, output = run.returncode, run.stdout + run.stderr
    except subprocess.TimeoutExpired as e:
        exit_code, output = "timeout", (e.stdout or b"").decode("utf-8", "replace")
    with open(os.path.join(reports, f"{slug}.txt"), "w", encoding="utf-8") as f:
        f.write(output)
    found, errors = read_failures(events)
    # A run that ended its own session tested nothing after that, and would pass.
    status, _, _ = request("GET", f"{base}/api/v1/me", token=token)
    if status != 200:
        errors.append(f"the session ended during the run (GET /api/v1/me answered {status})")
    return {"role": role, "persona": persona, "exit": exit_code, "seconds": time.monotonic() - started,
            "failures": found, "errors": errors, "output": output}


def print_summary(results, server_errors):
    for r in results:
        print(f"\n## {r['role']} ({r['persona']}): schemathesis exit {r['exit']}, "
              f"{len(r['failures'])} distinct failure(s), {r['seconds']:.0f}s")
        for error in r["errors"]:
            print(f"   error: {error}")
        for (check, operation, title, status, code), entry in sorted(r["failures"].items(), key=str):
            example = entry["example"] or {}
            code = f" {code}" if code else ""
            allow = f" Allow: {example['allow']}" if example.get("allow") else ""
            print(f"   {check}: {operation}: {title} -> {status}{code}{allow} (x{entry['count']})")
            if example.get("curl"):
                print(f"       {example['curl']}")
        # Schemathesis's warnings (an operation it could not reach, say) are not failures, but
        # tell what the run did not test.
        warnings = re.search(r"^=+ WARNINGS =+\n(.*?)^=", r["output"], re.M | re.S)
        if warnings and warnings.group(1).strip():
            print("   schemathesis warnings:")
            for line in warnings.group(1).strip().splitlines():
                print("     " + line)
    if server_errors:
        print(f"\nserver log: {len(server_errors)} ERROR or panic line(s), the last ones:")
        for line in server_errors[-15:]:
            print("   " + line[:300])


def cmd_fuzz(args):
    ensure_venv()
    binary = os.path.abspath(args.binary)
    for name, why in EXCLUDED_CHECKS.items():
        log(f"fuzz: check {name} left out: {why}")
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix="seteli-contract-fuzz-") as tmp:
        reports = os.path.abspath(args.report_dir) if args.report_dir else os.path.join(tmp, "reports")
        os.makedirs(reports, exist_ok=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log_path = os.path.join(reports, "server.log")
        # Each person's writes are limited (429 beyond them, which our own tests cover); the fuzz
        # raises the limit so that its writes reach the handlers behind it.
        command = [binary, "demo", "--bind", f"127.0.0.1:{port}", "--data-dir", os.path.join(tmp, "data"),
                   "--writes-per-minute", "1000000"]
        database = None
        if args.postgres:
            database = f"seteli_contract_{os.getpid()}_{port}"
            subprocess.run(["psql", "-q", args.postgres, "-c", f"CREATE DATABASE {database}"], check=True)
            command += ["--database-url", args.postgres.rsplit("/", 1)[0] + "/" + database]
        server_log = open(server_log_path, "w")
        server = subprocess.Popen(command, stdout=server_log, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    if server.poll() is not None:
                        break
                    time.sleep(0.1)
            else:
                raise RuntimeError("the demo did not answer /healthz within 30s")
            if server.poll() is not None:
                with open(server_log_path, encoding="utf-8", errors="replace") as f:
                    tail = f.read()[-2000:]
                raise RuntimeError(f"the demo exited with {server.returncode}:\n{tail}")
            log(f"fuzz: a fresh demo on {base} ({'PostgreSQL' if args.postgres else 'SQLite'})")
            status, _, document = request("GET", f"{base}/openapi.json")
            served = set()
            if status == 200:
                for path, item in json.loads(document).get("paths", {}).items():
                    served |= {f"{method.upper()} {path}" for method in item}
            for label in SIGN_OUT:
                if label not in served:
                    log(f"fuzz: WARNING: {label} is not in the document; see SIGN_OUT")
            # Everyone signs in before the first run: the runs fuzz dev-login too, which then
            # answers 429 for a while. A token outlives the whole fuzz.
            tokens = [(role, persona, sign_in(base, persona)) for role, persona in ROLES]
            for role, persona, token in tokens:
                results.append(fuzz_one(base, role, persona, token, args, reports))
                if server.poll() is not None:
                    results[-1]["errors"].append(f"the demo died (exit {server.returncode})")
                    break
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            server_log.close()
            if database:
                subprocess.run(["psql", "-q", args.postgres, "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"],
                               check=False)
        with open(server_log_path, encoding="utf-8", errors="replace") as f:
            server_errors = [line.rstrip() for line in f if "ERROR" in line or "panicked" in line]
        print_summary(results, server_errors)
    failed = server_errors or any(r["exit"] != 0 or r["failures"] or r["errors"] for r in results)
    if args.report_dir:
        log(f"fuzz: events, outputs and the server log are in {args.report_dir}")
    version = f"schemathesis {PINS['schemathesis']}"
    log(f"fuzz: {'FAILED' if failed else 'passed'} in {time.monotonic() - started:.0f}s ({version})")
    return 1 if failed else 0


# --------------------------------------------------------------------------- lock


def cmd_lock(args):
    ensure_venv()
    print("\n".join(r for r in installed() if r.split("==")[0].lower() not in PINS))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("validate", help="openapi-spec-validator reads the document")
    p.add_argument("document")
    p.set_defaults(run=cmd_validate)
    p = commands.add_parser("generate", help="openapi-python-client makes a client, with no warning")
    p.add_argument("--keep", metavar="DIR", help="copy the generated client here")
    p.add_argument("document")
    p.set_defaults(run=cmd_generate)
    p = commands.add_parser("fuzz", help="schemathesis against a fresh demo, once per role")
    p.add_argument("--postgres", metavar="ADMIN_URL", help="run the demo on a new PostgreSQL database")
    p.add_argument("--max-time", type=int, default=DEFAULT_MAX_TIME, metavar="SECONDS",
                   help=f"seconds of each role's run (default {DEFAULT_MAX_TIME})")
    p.add_argument("--seed", type=int, help="schemathesis's seed, to run the same cases again")
    p.add_argument("--report-dir", metavar="DIR", help="keep the events, outputs and server log here")
    p.add_argument("binary", help="the seteli binary the demo runs on")
    p.set_defaults(run=cmd_fuzz)
    p = commands.add_parser("lock", help="print the venv's versions, for LOCK")
    p.set_defaults(run=cmd_lock)
    args = parser.parse_args()
    try:
        return args.run(args)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        log(f"{args.command}: FAILED: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
