#!/usr/bin/env python3
"""Decodes the package's QR codes with a standard decoder (zbarimg, from zbar-tools).

    python3 tests/differential/qr_zbar.py

Has qr_fixtures.mjs write enrolment URIs (issuers and accounts with spaces, `@`,
`&`, `+` and non-ASCII characters) with every rendering the built package (pkg/)
makes: SVG, rasterised by rsvg-convert (librsvg2-bin); the PNG of qrPngDataUrl as
it is; the terminal renderings for light and dark backgrounds, turned into images
here (one half block = one module). zbarimg must read back exactly each URI.

Needs zbarimg and rsvg-convert (tests/differential/run installs them). Exits 1 on
a mismatch or a missing tool.
"""

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UPPER, LOWER, FULL = "\u2580", "\u2584", "\u2588"


def terminal_to_pgm(text, path, dark_background, scale=6):
    """A terminal rendering as a greyscale image, as a terminal would show it.

    On a light background a drawn half is a dark module; on a dark one, a drawn
    half is a light module and the background (blank halves) is dark.
    """
    rows = []
    for line in text.split("\n"):
        rows.append([c in (FULL, UPPER) for c in line])
        rows.append([c in (FULL, LOWER) for c in line])
    width = max(len(row) for row in rows)
    ink, paper = (255, 0) if dark_background else (0, 255)
    pixels = bytearray()
    for row in rows:
        line = bytearray()
        for drawn in row + [False] * (width - len(row)):
            line += bytes([ink if drawn else paper]) * scale
        pixels += bytes(line) * scale
    with open(path, "wb") as out:
        out.write(b"P5\n%d %d\n255\n" % (width * scale, len(rows) * scale))
        out.write(pixels)


def decode(image):
    """What zbarimg reads in the image, or None."""
    result = subprocess.run(["zbarimg", "--raw", "-q", image], capture_output=True)
    if result.returncode != 0:
        return None
    return result.stdout.rstrip(b"\n").decode("utf-8", "replace")


def main():
    missing = [tool for tool in ("zbarimg", "rsvg-convert") if shutil.which(tool) is None]
    if missing:
        print(f"FAILED: {', '.join(missing)} not found (tests/differential/run installs them)")
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        fixtures = os.path.join(ROOT, "tests", "differential", "qr_fixtures.mjs")
        subprocess.run(["node", fixtures, tmp], check=True)
        names = sorted(name[:-4] for name in os.listdir(tmp) if name.endswith(".uri"))
        if not names:
            print("FAILED: qr_fixtures.mjs wrote no QR codes")
            return 1

        checked, failures = 0, 0
        for name in names:
            base = os.path.join(tmp, name)
            with open(base + ".uri", encoding="utf-8") as uri_file:
                uri = uri_file.read()
            subprocess.run(["rsvg-convert", "-o", base + ".svg.png", base + ".svg"], check=True)
            images = {"svg": base + ".svg.png", "png": base + ".png"}
            for background in ("light", "dark"):
                with open(f"{base}.{background}.txt", encoding="utf-8") as text:
                    image = f"{base}.{background}.pgm"
                    terminal_to_pgm(text.read(), image, background == "dark")
                    images[f"terminal-{background}"] = image
            for kind, image in images.items():
                got = decode(image)
                checked += 1
                if got == uri:
                    print(f"ok   {kind:14} {uri}")
                else:
                    failures += 1
                    print(f"FAIL {kind:14} {uri}\n     zbarimg read {got!r}")
        print(f"{checked - failures}/{checked} QR codes decoded to exactly their URI")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
