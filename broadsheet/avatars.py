"""Avatars drawn here from a hash of an e-mail address (or a name), so that no reader's address
goes to an outside service: the key, the address and the drawing. Below every app (accounts,
comments, likes and remote actors all show one); a picture someone uploaded is served at the
same address (engagement.services.avatars)."""

import colorsys
import hashlib
from functools import lru_cache

from broadsheet.addresses import instance_path


def avatar_key(identity: str) -> str:
    """The stable, non-reversible key of an e-mail address (or name) for its avatar URL."""
    return hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]


@lru_cache(maxsize=65536)
def avatar_url(identity: str) -> str:
    """The avatar's address for an e-mail address or a name (kept per process: every post page
    lists its commenters' avatars)."""
    return instance_path("avatar", key=avatar_key(identity))


def identicon_svg(key: str, size: int = 64) -> str:
    digest = hashlib.sha256(key.encode()).digest()
    hue = digest[0] / 255
    red, green, blue = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    colour = f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"
    cell = size // 5
    squares = []
    for row in range(5):
        for column in range(3):
            if digest[1 + row * 3 + column] % 2:
                for x in {column, 4 - column}:
                    squares.append(
                        f'<rect x="{x * cell}" y="{row * cell}" width="{cell}" height="{cell}"/>'
                    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {cell * 5} {cell * 5}"><rect width="100%" height="100%" fill="#f0f0f0"/>'
        f'<g fill="{colour}">{"".join(squares)}</g></svg>'
    )
