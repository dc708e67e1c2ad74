"""The HTML report in a real browser: headless Chromium draws it to a PNG and prints
it to a PDF, offline, from a journal made of the import fixtures.

Skipped, saying so, where no Chromium is installed (``.ci/run`` installs Debian's
``chromium`` when it can). The screenshot is decoded here with zlib and struct
(8-bit RGB/RGBA, no interlacing: what Chromium writes) rather than with Pillow:
one small function, and no image library in the test extra for one check. A
copy is left at ``$OVERDUE_HTML_SCREENSHOT`` (default /tmp/overdue-html-report.png)
so a person can look at the page the test saw.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
SHOT = Path(os.environ.get("OVERDUE_HTML_SCREENSHOT", "/tmp/overdue-html-report.png"))
WIDTH, HEIGHT = 1000, 1400
TIMEOUT = 120
"""Seconds one browser run may take before the test fails (a cold start takes a few)."""


def _browser() -> str | None:
    return (shutil.which("chromium") or shutil.which("chromium-browser")
            or shutil.which("google-chrome"))


@pytest.fixture(scope="module")
def browser() -> str:
    found = _browser()
    if found is None:
        pytest.skip("no Chromium (chromium, chromium-browser or google-chrome) on PATH: "
                    "the browser test needs one (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report and a complaint as HTML files, from the SMS and call-log fixtures."""
    home = tmp_path_factory.mktemp("html")
    db = str(home / "journal.sqlite3")
    r = run("log", "import", str(FIXTURES / "calls-20261120.xml"),
            str(FIXTURES / "sms-20261120.xml"), "--platform", "某某借", "--db", db)
    assert r.code == 0, r.stderr
    out = {"report": home / "report.html", "complaint": home / "complaint.html"}
    r = run("log", "report", "--format", "html", "-o", str(out["report"]), "--db", db)
    assert r.code == 0, r.stderr
    r = run("complaint", "--to", "12378", "--format", "html", "-o", str(out["complaint"]),
            "--db", db)
    assert r.code == 0, r.stderr
    return out


def _chromium(browser: str, tmp: Path, page: Path, *action: str) -> None:
    """One headless run, offline, with a profile and home of its own."""
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-extensions",
               "--hide-scrollbars", "--force-device-scale-factor=1",
               f"--user-data-dir={profile}", *action, page.resolve().as_uri()]
    env = {**os.environ, "HOME": str(tmp)}
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{browser} did not finish within {TIMEOUT} s")
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of pixel bytes (RGB or RGBA, 8 bits) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, bytearray()
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                c = previous[x - channels] if x >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_decode_png_reads_what_zlib_wrote() -> None:
    """The decoder against a PNG built here: two rows, filters None and Up."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    rows = b"\x00" + bytes([255, 0, 0, 0, 255, 0]) + b"\x02" + bytes([0, 0, 255, 0, 0, 0])
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    assert decode_png(png) == (2, 2, [bytes([255, 0, 0, 0, 255, 0]),
                                      bytes([255, 0, 255, 0, 255, 0])])


def test_the_report_renders_in_chromium(browser: str, pages: dict[str, Path],
                                        tmp_path: Path, figures: Callable[[str], None],
                                        record_property: object) -> None:
    shot = tmp_path / "report.png"
    _chromium(browser, tmp_path, pages["report"], f"--screenshot={shot}",
              f"--window-size={WIDTH},{HEIGHT}")
    assert shot.is_file(), "Chromium wrote no screenshot"
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    channels = len(rows[0]) // width
    pixels = [row[x:x + 3] for row in rows[::7] for x in range(0, len(row), channels * 7)]
    colours = set(pixels)
    inked = sum(1 for p in pixels if max(p) < 200)
    assert len(colours) >= 50, f"only {len(colours)} colours: a blank page?"
    assert inked / len(pixels) > 0.02, "almost nothing drawn"
    # the charts' dark blue (svg.CALLS, #2b4c7e) is on the page: the SVG was drawn
    assert any(abs(p[0] - 0x2B) < 8 and abs(p[1] - 0x4C) < 8 and abs(p[2] - 0x7E) < 8
               for p in pixels), "no chart colour on the page"
    try:
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SHOT)
    except OSError:
        return
    if callable(record_property):
        record_property("screenshot", str(SHOT))
    figures(f"HTML report screenshot: {SHOT}")  # shown with --accuracy, not between dots


@pytest.mark.parametrize("page", ["report", "complaint"])
def test_the_pages_print_to_pdf(browser: str, pages: dict[str, Path], tmp_path: Path,
                                page: str) -> None:
    pdf = tmp_path / f"{page}.pdf"
    _chromium(browser, tmp_path, pages[page], f"--print-to-pdf={pdf}",
              "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages_printed = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert pages_printed >= 2, "the evidence should start a page of its own"
