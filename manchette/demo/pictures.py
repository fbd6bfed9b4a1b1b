"""Photos for the demo newsroom, drawn with Pillow so nothing is downloaded."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((233, 196, 106), (42, 157, 143), (38, 70, 83)),
    ((244, 162, 97), (231, 111, 81), (38, 70, 83)),
    ((168, 218, 220), (69, 123, 157), (29, 53, 87)),
    ((255, 221, 210), (131, 197, 190), (0, 109, 119)),
    ((252, 191, 73), (247, 127, 0), (0, 48, 73)),
    ((221, 229, 182), (173, 193, 120), (108, 88, 76)),
]


def draw_photo(seed: int, width: int = 2400, height: int = 1350) -> bytes:
    """A landscape-like picture: sky gradient, sun, layered hills. Returns JPEG bytes.

    2,400 px wide so that even the square crop search engines ask for is 1,200 px or more.
    """
    rng = random.Random(seed)
    sky, land, deep = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = tuple(int(c * (0.75 + 0.25 * y / (height / 2))) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    sun_x, sun_y = rng.randint(300, width - 300), rng.randint(120, 450)
    radius = rng.randint(75, 165)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 244, 214)
    )
    for layer, colour in enumerate((land, deep)):
        base = height // 2 + layer * 180
        points = [(0, height)]
        for x in range(0, width + 150, 150):
            points.append((x, base + rng.randint(-135, 135)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def draw_logo() -> bytes:
    image = Image.new("RGB", (192, 192), (176, 30, 35))
    draw = ImageDraw.Draw(image)
    draw.rectangle([24, 24, 168, 168], outline=(255, 255, 255), width=10)
    draw.polygon(
        [(48, 150), (48, 48), (96, 110), (144, 48), (144, 150)], outline=(255, 255, 255), width=10
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
