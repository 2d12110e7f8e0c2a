"""Pictures for the demo content, drawn here so that the demo ships no third-party images."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def landscape(seed: int, size=(1200, 700)) -> bytes:
    """Sky, sun and layered hills, in colours picked by the seed."""
    rng = random.Random(seed)
    palettes = [
        ((250, 200, 150), (240, 120, 90), [(70, 90, 120), (45, 60, 90), (25, 35, 60)]),
        ((170, 210, 240), (235, 245, 250), [(110, 150, 110), (70, 115, 80), (40, 80, 55)]),
        ((40, 50, 90), (200, 120, 140), [(60, 50, 90), (40, 35, 70), (20, 20, 45)]),
        ((230, 235, 240), (190, 205, 220), [(150, 160, 175), (110, 120, 140), (75, 85, 105)]),
    ]
    top, bottom, hills = palettes[seed % len(palettes)]
    image = _gradient(size, top, bottom)
    draw = ImageDraw.Draw(image)
    width, height = size
    sun_x, sun_y, radius = rng.randint(200, width - 200), rng.randint(120, 260), rng.randint(50, 90)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 240, 210)
    )
    for layer, colour in enumerate(hills):
        base = int(height * (0.55 + 0.13 * layer))
        amplitude = rng.randint(25, 70)
        phase = rng.random() * math.tau
        points = [(0, height)]
        for x in range(0, width + 20, 20):
            y = base + amplitude * math.sin(x / (140 + 60 * layer) + phase) + rng.randint(-6, 6)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    image = image.filter(ImageFilter.SMOOTH)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def chart(seed: int, size=(1000, 560)) -> bytes:
    """A bar chart with a trend line, as an illustration for analysis posts."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (250, 250, 252))
    draw = ImageDraw.Draw(image)
    width, height = size
    left, bottom = 70, height - 60
    for i in range(6):
        y = bottom - i * (bottom - 60) / 5
        draw.line([(left, y), (width - 40, y)], fill=(225, 228, 235), width=1)
    bars = 12
    step = (width - left - 60) / bars
    values = [rng.uniform(0.25, 0.95) for _ in range(bars)]
    for i, value in enumerate(values):
        x = left + 10 + i * step
        top = bottom - value * (bottom - 70)
        draw.rectangle([x, top, x + step * 0.65, bottom], fill=(29, 78, 216))
    trend = [
        (left + 10 + i * step + step * 0.33, bottom - v * (bottom - 70) - 18)
        for i, v in enumerate(values)
    ]
    draw.line(trend, fill=(217, 119, 6), width=4, joint="curve")
    draw.line([(left, bottom), (width - 40, bottom)], fill=(60, 60, 70), width=2)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
