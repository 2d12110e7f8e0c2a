"""Images kept on other sites are shown through this one: the page names only local addresses,
the server fetches each image once through the safe fetcher, and nothing unsigned is fetched."""

import re
from html import unescape

from django.test import Client

from broadsheet.fetching.services import remote_images
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import rendering
from broadsheet.security import CONTENT_SECURITY_POLICY
from broadsheet.tests.loopback import Page, site


class Elsewhere(Page):
    picture = b""
    requests: list = []

    def do_GET(self):
        Elsewhere.requests.append(self.path)
        if self.path.startswith("/pic.png"):
            self.respond(200, Elsewhere.picture, "image/png")
        elif self.path == "/page.png":
            self.respond(200, "<svg onload=alert(1)></svg>", "image/svg+xml")
        else:
            self.respond(404, "no")


def _sources(html: str) -> list[str]:
    return [unescape(src) for src in re.findall(r'src="([^"]+)"', html)]


def test_a_post_shows_an_image_from_elsewhere_through_this_site(team, settings, png_bytes):
    Elsewhere.picture, Elsewhere.requests = png_bytes(), []
    with site(Elsewhere, settings) as elsewhere:
        post = team.post(source=f"![a picture]({elsewhere}/pic.png)\n\nText.")
        page = Client().get(post.get_absolute_url())
        assert "img-src 'self' data:;" in page["Content-Security-Policy"]
        assert "https:" not in CONTENT_SECURITY_POLICY
        html = page.content.decode()
        sources = [s for s in _sources(html) if "remote-image" in s]
        assert (
            len(sources) == 1 and elsewhere not in html.split("<article", 1)[1].split("</a", 1)[0]
        )
        assert sources[0].startswith("/remote-image/")

        for _ in range(3):
            image = Client().get(sources[0])
            assert image.status_code == 200 and image["Content-Type"] == "image/png"
            assert b"".join(image.streaming_content) == Elsewhere.picture
        assert Elsewhere.requests == ["/pic.png"]  # fetched once, then kept

    # A changed address, or one this site did not sign, is not fetched.
    tampered = sources[0].replace("pic.png", "pic.png%3Fx")
    assert Client().get(tampered).status_code == 404
    assert Client().get("/remote-image/forged/?url=http://127.0.0.1:9/x.png").status_code == 404


def test_what_is_not_an_image_or_not_public_is_not_shown(db, settings):
    Elsewhere.requests = []
    with site(Elsewhere, settings) as elsewhere:
        for url in (f"{elsewhere}/page.png", f"{elsewhere}/missing.png"):
            local = remote_images.proxied(url)
            assert Client().get(local).status_code == 404
            assert Client().get(local).status_code == 404  # the failure is remembered
        assert Elsewhere.requests == ["/page.png", "/missing.png"]
    inside = remote_images.proxied("http://10.0.0.8/secret.png")
    assert Client().get(inside).status_code == 404


def test_srcset_and_own_addresses(settings):
    html = rendering.sanitize(
        '<img src="/media/a.png" srcset="https://cdn.example/a-1x.png 1x, /media/a-2x.png 2x">'
        f'<img src="{settings.BASE_URL}/media/b.png">'
    )
    sources = _sources(html)
    assert sources == ["/media/a.png", f"{settings.BASE_URL}/media/b.png"]
    srcset = unescape(re.search(r'srcset="([^"]+)"', html).group(1))
    first, second = srcset.split(", ")
    assert first.startswith("/remote-image/") and first.endswith(" 1x")
    assert second == "/media/a-2x.png 2x"
    assert "cdn.example" not in html.replace("cdn.example%2Fa-1x.png", "")


def test_rerendering_proxies_images_in_posts_rendered_before(team):
    post = team.post(source="Text.")
    Post.objects.filter(pk=post.pk).update(
        content_html='<p><img src="https://elsewhere.example/old.jpg"></p>'
    )
    from broadsheet.publishing.services.posts import rerender

    Post.objects.filter(pk=post.pk).update(source='<img src="https://elsewhere.example/old.jpg">')
    Post.objects.filter(pk=post.pk).update(source_format="html")
    rerender(team.blog)
    post.refresh_from_db()
    assert "/remote-image/" in post.content_html
