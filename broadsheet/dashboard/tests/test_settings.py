"""A blog's administrators change its title, tagline, language, time zone and feeds; nobody else
can; bad values are explained and change nothing."""

from django.test import Client

from broadsheet.blogs.models import Blog
from broadsheet.conftest import committed

SETTINGS = "/@dispatch/edit/settings/"
GOOD = {
    "title": "The Evening Dispatch",
    "tagline": "News at dusk",
    "language": "fr",
    "timezone": "Europe/Paris",
    "feed_full_text": "",
}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_changes_the_blogs_settings_and_every_page_shows_them(team):
    owner = _signed_in(team.admin)
    assert 'value="The Dispatch"' in owner.get(SETTINGS).content.decode()
    with committed():
        answer = owner.post(SETTINGS, GOOD, follow=True)
    assert "Settings saved." in answer.content.decode()
    blog = Blog.objects.get(pk=team.blog.pk)
    assert (blog.title, blog.tagline, blog.language, blog.timezone) == (
        "The Evening Dispatch",
        "News at dusk",
        "fr",
        "Europe/Paris",
    )
    assert not blog.feed_full_text
    home = Client().get("/@dispatch/").content.decode()
    assert "The Evening Dispatch" in home and '<html lang="fr">' in home


def test_bad_settings_are_explained_and_change_nothing(team):
    owner = _signed_in(team.admin)
    for changes, message in (
        ({"title": " "}, "This field is required"),
        ({"timezone": "Mars/Olympus"}, "Select a valid choice"),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"language": '"><script>'}, "Give a language tag"),
    ):
        answer = owner.post(SETTINGS, {**GOOD, **changes})
        assert answer.status_code == 200 and message in answer.content.decode(), changes
    assert Blog.objects.get(pk=team.blog.pk).title == "The Dispatch"


def test_only_administrators_change_settings(team):
    assert _signed_in(team.editor).post(SETTINGS, GOOD).status_code == 403
    assert Client().get(SETTINGS).status_code == 302
    assert Blog.objects.get(pk=team.blog.pk).title == "The Dispatch"


def test_a_blog_can_ask_search_engines_not_to_index_it(team):
    from django.test import Client

    post = team.post("Quiet notes")
    owner = Client()
    owner.force_login(team.admin)
    assert Client().get("/@dispatch/sitemap.xml").status_code == 200
    settings_form = {
        "title": "The Dispatch",
        "tagline": "Commentary",
        "language": "en",
        "timezone": "Europe/London",
        "feed_full_text": "on",
        "discourage_search": "on",
    }
    assert owner.post("/@dispatch/edit/settings/", settings_form).status_code == 302
    page = Client().get(f"/@dispatch/{post.url_path}").content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert Client().get("/@dispatch/sitemap.xml").status_code == 404
    assert "/@dispatch/sitemap.xml" not in Client().get("/sitemap.xml").content.decode()
    assert "Disallow: /@dispatch/" in Client().get("/robots.txt").content.decode()
    from broadsheet.blogs.middleware import forget_mapped_hosts
    from broadsheet.blogs.models import Blog

    Blog.objects.filter(pk=team.blog.pk).update(host="dispatch.example")

    forget_mapped_hosts()
    mapped = Client(HTTP_HOST="dispatch.example").get("/robots.txt").content.decode()
    assert mapped == "User-agent: *\nDisallow: /\n"
