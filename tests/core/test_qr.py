import base64
import urllib.parse

from helix.core.qr import qr_matrix, qr_png, qr_svg, qr_svg_data_uri


def test_png_svg_and_data_uri_encode_the_same_symbol():
    png = qr_png("HX12:abc")
    assert png.startswith(b"\x89PNG")
    assert qr_svg("HX12:abc").startswith("<svg")
    uri = qr_svg_data_uri("HX12:abc")
    assert uri.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(uri.split(",", 1)[1]) if "base64" not in uri else base64.b64decode(uri.split(",")[1])
    assert "<svg" in str(svg)


def test_matrix_is_square_and_depends_on_the_data():
    matrix = qr_matrix("https://helix.example/c/1")
    assert len(matrix) == len(matrix[0]) >= 21
    assert any(any(row) for row in matrix)
    assert qr_matrix("https://helix.example/c/1") != qr_matrix("https://helix.example/c/2")
