#!/usr/bin/env python3
"""Differential test of the TOTP/HOTP engine against pyotp, an independent implementation.

    python3 tests/differential/totp_pyotp.py --out tests/data/totp-pyotp.json
        writes the committed vectors (fixed seed), read by tests/totp.rs.
    python3 tests/differential/totp_pyotp.py --fresh 5000
        draws new random cases, writes them to a temporary file and runs the Rust
        test `pyotp_vectors` on them (PROMPTWARD_PYOTP_VECTORS names the file).

Needs pyotp (tests/differential/run installs the pinned version). Exits 0 on
agreement, 1 on a difference, 2 when pyotp is missing. Secrets are handed to the
engine in the varied forms users paste (lowercase, grouped with spaces or hyphens,
padded) and to pyotp canonically.
"""

import argparse
import base64
import datetime
import hashlib
import importlib.metadata
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import pyotp
except ImportError:
    print("pyotp is not installed: pip install pyotp", file=sys.stderr)
    sys.exit(2)

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
# pyotp computes time steps through datetime, which stops at the year 9999.
MAX_TIME = 253402300799


def canonical(key):
    return base64.b32encode(key).decode().rstrip("=")


def pasted_form(rng, key):
    """The secret as a user might paste it: same key, different spelling."""
    text = canonical(key)
    style = rng.randrange(5)
    if style == 1:
        text = text.lower()
    elif style == 2:
        text = " ".join(text[i:i + 4] for i in range(0, len(text), 4))
    elif style == 3:
        text = "-".join(text[i:i + 4] for i in range(0, len(text), 4)).lower()
    elif style == 4:
        text = base64.b32encode(key).decode()
    return text


def draw_key(rng):
    length = rng.choice([14, 16, 20, 20, 32, 64, rng.randint(14, 80)])
    return bytes(rng.randrange(256) for _ in range(length))


def draw_params(rng):
    algorithm = rng.choice(list(DIGESTS))
    digits = rng.choice([6, 6, 7, 8])
    period = rng.choice([30, 30, 60, 15, rng.randint(1, 120)])  # pyotp allows 1-120
    return algorithm, digits, period


def draw_time(rng, period):
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randint(0, 2**32)
    if kind == 1:
        return rng.randint(2**32, MAX_TIME)
    step = rng.randint(1, MAX_TIME // period - 1)
    return step * period - rng.randint(0, 1)  # either side of a step boundary


def totp_at(key, algorithm, digits, period, time):
    otp = pyotp.TOTP(canonical(key), digits=digits, digest=DIGESTS[algorithm], interval=period)
    return otp, otp.at(datetime.datetime.fromtimestamp(time, tz=datetime.timezone.utc))


def generate(count, seed):
    rng = random.Random(seed)
    totp, hotp, verify = [], [], []

    for _ in range(count):
        key = draw_key(rng)
        algorithm, digits, period = draw_params(rng)
        time = draw_time(rng, period)
        _, code = totp_at(key, algorithm, digits, period, time)
        totp.append([pasted_form(rng, key), algorithm, digits, period, time, code])

    for _ in range(count // 4):
        key = draw_key(rng)
        algorithm, digits, _ = draw_params(rng)
        counter = rng.choice([rng.randint(0, 1000), rng.randint(0, 2**64 - 1)])
        code = pyotp.HOTP(canonical(key), digits=digits, digest=DIGESTS[algorithm]).at(counter)
        hotp.append([pasted_form(rng, key), algorithm, digits, counter, code])

    for _ in range(count // 2):
        key = draw_key(rng)
        algorithm, digits, period = draw_params(rng)
        time = rng.randint(20 * period, min(MAX_TIME, 2**40) - 20 * period)
        window = rng.choice([0, 1, 1, 2, 3, 10])
        offset = rng.randint(-4, 4)
        otp, token = totp_at(key, algorithm, digits, period, time + offset * period)
        if rng.randrange(6) == 0:
            token = "".join(rng.choice("0123456789") for _ in range(digits))
        valid = otp.verify(token, for_time=time, valid_window=window)
        verify.append(
            [pasted_form(rng, key), algorithm, digits, period, time, window, token, valid])

    return {
        "generator": "tests/differential/totp_pyotp.py",
        "pyotp": importlib.metadata.version("pyotp"),
        "seed": seed,
        "totp_columns": ["secret", "algorithm", "digits", "period", "time", "code"],
        "totp": totp,
        "hotp_columns": ["secret", "algorithm", "digits", "counter", "code"],
        "hotp": hotp,
        "verify_columns": ["secret", "algorithm", "digits", "period", "time", "window", "token",
                           "valid"],
        "verify": verify,
    }


def write(data, path):
    with open(path, "w") as out:
        out.write('{\n')
        items = list(data.items())
        for i, (name, value) in enumerate(items):
            comma = "," if i + 1 < len(items) else ""
            if isinstance(value, list) and value and isinstance(value[0], list):
                rows = ",\n    ".join(json.dumps(row) for row in value)
                out.write(f'  "{name}": [\n    {rows}\n  ]{comma}\n')
            else:
                out.write(f'  "{name}": {json.dumps(value)}{comma}\n')
        out.write('}\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", help="write the fixed-seed vectors to this file")
    group.add_argument("--fresh", type=int, metavar="N", help="check N new random cases")
    parser.add_argument("--seed", type=int, default=6238)
    args = parser.parse_args()

    if args.out:
        write(generate(2000, args.seed), args.out)
        return 0

    seed = random.SystemRandom().randrange(2**32)
    data = generate(args.fresh, seed)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as tmp:
        path = tmp.name
    try:
        write(data, path)
        cases = len(data["totp"]) + len(data["hotp"]) + len(data["verify"])
        print(f"checking {cases} fresh cases against pyotp (seed {seed})")
        env = dict(os.environ, PROMPTWARD_PYOTP_VECTORS=path)
        # Only the totp engine: the check does not depend on the other engines building.
        command = ["cargo", "test", "--no-default-features", "--features", "totp",
                   "--test", "totp", "pyotp_vectors", "--", "--exact", "--nocapture"]
        return subprocess.run(command, cwd=root, env=env).returncode and 1
    finally:
        os.unlink(path)


if __name__ == "__main__":
    sys.exit(main())
