"""`faqbot serve` as a child process on a free loopback port, for tests that need the real server."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

FAQBOT = Path(sys.executable).with_name("faqbot")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`faqbot serve` as a child process on a loopback port."""

    def __init__(self, port: int | None = None, *flags: str, **env: str) -> None:
        self.chosen_port = port is None  # a port we picked may be taken before start: pick again then
        self.port = port or free_port()
        self.flags = flags  # extra `faqbot serve` flags
        self.env = env  # FAQBOT_* settings for this server
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def start(self, attempts: int = 3) -> "Server":
        """Start the server; a free port taken meanwhile (by another process's outgoing connection) is replaced."""
        line = self._launch()
        while "Address already in use" in line and self.chosen_port and attempts > 1:
            attempts -= 1
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}/"
            line = self._launch()
        if "serving" not in line:
            self.stop()
            raise RuntimeError(f"faqbot serve did not start: {line!r}")
        self.output = [line]
        self._drain = threading.Thread(target=self._read_output, daemon=True)
        self._drain.start()  # a full pipe would block the server's logging
        return self

    def _launch(self) -> str:
        env = {**os.environ, "FAQBOT_RATE_LIMIT": "1000000 per minute", "PYTHONUNBUFFERED": "1", **self.env}
        self.process = subprocess.Popen([str(FAQBOT), "serve", "--port", str(self.port), *self.flags], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        if "serving" not in line:
            self.process.wait(timeout=10)
        return line

    def _read_output(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def wait(self, timeout: float = 10) -> str:
        """Wait for the process to end; returns everything it printed."""
        self.process.wait(timeout=timeout)
        self._drain.join(timeout=timeout)
        return "".join(self.output)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def post(self, path: str, body: object, timeout: float = 10) -> tuple[int, dict]:
        """POST JSON; returns (status, decoded body) for 2xx and 4xx/5xx alike."""
        request = urllib.request.Request(self.url + path.lstrip("/"), data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)
