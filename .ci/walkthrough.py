#!/usr/bin/env python3
"""Runs the README's walk-through against a fresh demo, as a new user would.

Every ```sh block of README.md that talks to the demo (names http://127.0.0.1:8080) runs, in
the order the README has them, in one bash session: variables set in one block are there in
the next. The demo is started here, on a free loopback port with a fresh data directory, and
the blocks' address is changed to it. A new section that talks to the demo is picked up as it
is, with no change here.

Every answer of curl is checked: a 4xx or 5xx fails the run unless the README announces it
with a comment `# expect NNN` on the command's lines (and an announced status that does not
come fails it too). A command that fails (a python3 that finds no field, say) fails the run.

Usage: python3 .ci/walkthrough.py [--postgres ADMIN_URL] [path/to/seteli]
(WALKTHROUGH_SHOW=1 prints what the commands printed)
(default: builds and uses target/debug; with --postgres the demo runs on a new PostgreSQL
database made through ADMIN_URL and dropped afterwards, as the README's PostgreSQL demo does)
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = "http://127.0.0.1:8080"
EXPECT = re.compile(r"#\s*expect\s+(\d{3}(?:\s*,\s*\d{3})*)")

# The curl every command calls: the real one, with its status, method, URL and the line of the
# script that called it written to a log; the body goes to the command as before.
PREAMBLE = r"""set -eo pipefail
curl() {
  local out code
  out=$(mktemp)
  code=$(command curl -o "$out" -w '%{http_code} %{method} %{url_effective}' "$@") || {
    echo "walkthrough: curl itself failed: $*" >&2; cat "$out"; rm -f "$out"; return 1; }
  cat "$out"; rm -f "$out"
  echo "${BASH_LINENO[0]} $code" >> "$WALKTHROUGH_LOG"
}
"""


def sh_blocks(text):
    """(first line number, lines) of every ```sh block."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(text.splitlines(), 1):
        if current is None and line.strip() == "```sh":
            current, start = [], number + 1
        elif current is not None and line.strip() == "```":
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def statements(lines):
    """Ranges (first, last) of the block's commands, by index: a command goes on while a quote
    or a bracket is open, or a line ends with a backslash, a pipe or &&."""
    ranges, first = [], None
    single = double = False
    depth = 0
    for i, line in enumerate(lines):
        if first is None:
            if not line.strip() or line.strip().startswith("#"):
                continue
            first = i
        j = 0
        while j < len(line):
            c = line[j]
            if single:
                single = c != "'"
            elif double:
                if c == "\\":
                    j += 1
                elif c == '"':
                    double = False
                elif line.startswith("$(", j):
                    depth += 1
                    j += 1
                elif c == ")" and depth > 0:
                    depth -= 1
            elif c == "#" and (j == 0 or line[j - 1] in " \t"):
                break
            elif c == "'":
                single = True
            elif c == '"':
                double = True
            elif c in "({":
                depth += 1
            elif c in ")}":
                depth -= 1
            j += 1
        code = line.split(" #")[0].rstrip()
        open_end = code.endswith(("\\", "|", "&&", "||"))
        if not (single or double or depth > 0 or open_end):
            ranges.append((first, i))
            first = None
    return ranges


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    args = sys.argv[1:]
    admin_url = None
    if args[:1] == ["--postgres"]:
        admin_url, args = args[1], args[2:]
    binary = args[0] if args else None
    if binary is None:
        subprocess.run(["cargo", "build", "--quiet", "--bin", "seteli"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "debug", "seteli")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    blocks = [(start, lines) for start, lines in sh_blocks(readme) if DEMO in "\n".join(lines)]
    if not blocks:
        print("walkthrough: README.md has no block that talks to the demo", file=sys.stderr)
        return 1

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    script_lines = PREAMBLE.splitlines()
    # Script line (1-based) -> (README line, expected statuses of the command it is in).
    where = {}
    for start, lines in blocks:
        for first, last in statements(lines):
            expected = set()
            for line in lines[first : last + 1]:
                m = EXPECT.search(line)
                if m:
                    expected |= {int(s) for s in re.split(r"\s*,\s*", m.group(1))}
            for k in range(first, last + 1):
                where[len(script_lines) + k + 1] = (start + k, expected, start + first)
        script_lines += [line.replace(DEMO, base) for line in lines]

    with tempfile.TemporaryDirectory(prefix="seteli-walkthrough-") as tmp:
        log_path = os.path.join(tmp, "statuses")
        script = os.path.join(tmp, "walkthrough.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(script_lines) + "\n")
        server_log = open(os.path.join(tmp, "server.log"), "w")
        command = [binary, "demo", "--bind", f"127.0.0.1:{port}", "--data-dir", os.path.join(tmp, "data")]
        database = None
        if admin_url:
            database = f"seteli_walk_{os.getpid()}_{port}"
            subprocess.run(["psql", "-q", admin_url, "-c", f"CREATE DATABASE {database}"], check=True)
            command += ["--database-url", admin_url.rsplit("/", 1)[0] + "/" + database]
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
                print("walkthrough: the demo did not start", file=sys.stderr)
                return 1
            env = dict(os.environ, WALKTHROUGH_LOG=log_path)
            run = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=300)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            server_log.close()
            if database:
                subprocess.run(
                    ["psql", "-q", admin_url, "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"],
                    check=False,
                )
        with open(log_path, encoding="utf-8") if os.path.exists(log_path) else open(os.devnull) as f:
            calls = [line.split(" ", 3) for line in f.read().splitlines()]
        failures = []
        seen = {}
        for line, status, method, url in calls:
            readme_line, expected, first = where.get(int(line), (None, set(), None))
            status = int(status)
            seen.setdefault(first, set()).add(status)
            if status >= 400 and status not in expected:
                failures.append(f"README.md:{readme_line}: {method} {url} answered {status}, which the README does not announce")
        for script_line, (readme_line, expected, first) in where.items():
            if expected and readme_line == first and not expected & seen.get(first, set()):
                failures.append(f"README.md:{readme_line}: announced {sorted(expected)}, but got {sorted(seen.get(first, set()))}")
        if run.returncode != 0:
            failures.append(f"the walk-through stopped (exit {run.returncode}):\n{run.stderr[-2000:]}")
        if os.environ.get("WALKTHROUGH_SHOW"):
            print(run.stdout)
        backend = "PostgreSQL" if admin_url else "SQLite"
        print(f"walkthrough: {len(blocks)} blocks, {len(calls)} requests against a fresh demo on {backend}")
        if failures:
            print("\n".join(failures), file=sys.stderr)
            with open(os.path.join(tmp, "server.log"), encoding="utf-8") as f:
                errors = [l for l in f.read().splitlines() if "ERROR" in l]
            if errors:
                print("server errors:\n" + "\n".join(errors[-20:]), file=sys.stderr)
            return 1
        print(f"walkthrough: {len(calls)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
