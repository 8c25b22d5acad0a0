"""The QR codes: the PNG for PDFs holds exactly the code's modules (whole pixels, black on white), and the SVG for
pages is inline markup."""

from __future__ import annotations

import base64
import io

import qrcode
from PIL import Image

from core.qr import QR_MASK, qr_png, qr_svg

URL = "https://noks.example.rs/v/K7M2Q9XW4T/"


def test_the_png_holds_the_modules_of_the_code_pixel_for_pixel():
    uri = qr_png(URL, module_pixels=4)
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=QR_MASK)
    code.add_data(URL)
    code.make(fit=True)
    matrix = code.get_matrix()  # with the 2-module quiet zone
    assert image.size == (len(matrix) * 4, len(matrix) * 4)
    pixels = image.convert("L").load()
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            for dy in (0, 3):  # the corners of each 4 × 4 module: whole modules, no smoothing
                for dx in (0, 3):
                    assert (pixels[column * 4 + dx, row * 4 + dy] == 0) == dark, (row, column)


def test_the_svg_is_inline_markup_without_an_xml_declaration():
    svg = qr_svg(URL)
    assert svg.startswith("<svg") and "<?xml" not in svg and "<path" in svg
