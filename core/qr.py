"""QR codes: inline SVG for web pages (vector, any zoom), and a PNG data URI for PDFs (WeasyPrint draws one image
far faster than an SVG path of a few hundred squares; each module is a whole number of pixels and the image is
drawn without smoothing, so the printed code stays sharp)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An SVG QR code (error correction M) for ``data``, without the XML declaration, to sit inside HTML."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):]


QR_MASK = 2  # of 0-7 (ISO/IEC 18004 §7.8.2)


def qr_png(data: str, *, module_pixels: int = 4) -> str:
    """A PNG QR code (error correction M, 1-bit) for ``data`` as a ``data:`` URI, for an ``<img>`` in a PDF.

    One fixed mask pattern: every mask gives a valid code, and trying all eight for the "best" one took most of the
    time of making it (the verification URLs are short, so any mask scans well)."""
    from PIL import Image

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=QR_MASK)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # with the quiet zone; True is a dark module
    size = len(matrix)
    # One pixel a module (255 white, 0 black), then scaled by whole pixels: faster than drawing each module as a
    # rectangle (qrcode's image factory), and the same image.
    image = Image.frombytes("L", (size, size), bytes(0 if dark else 255 for line in matrix for dark in line))
    image = image.resize((size * module_pixels, size * module_pixels), Image.Resampling.NEAREST).convert("1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
