"""The blog owner's fediverse screen: the handle to share, locking, follow requests answered,
followers blocked and unblocked, the profile's pictures, reports; other members and strangers
kept out; bad input explained; and a visitor following the blog from their own server."""

import json

from django.test import Client
from django.utils import timezone

from broadsheet.blogs.models import Blog
from broadsheet.conftest import committed
from broadsheet.federation.models import Block, Follower, RemoteActor
from broadsheet.jobs.models import Job

SCREEN = "/@dispatch/edit/fediverse/"
CHANGE = SCREEN + "change/"


def _actor(name: str, domain: str = "social.example") -> RemoteActor:
    uri = f"https://{domain}/users/{name}"
    return RemoteActor.objects.create(
        uri=uri,
        inbox=f"{uri}/inbox",
        username=name,
        domain=domain,
        name=name.title(),
        key_id=f"{uri}#main-key",
        public_key_pem="-",
        fetched_at=timezone.now(),
    )


def _owner(team) -> Client:
    client = Client()
    client.force_login(team.admin)
    return client


def test_the_owner_answers_requests_and_blocks(team):
    alice, bob = _actor("alice"), _actor("bob")
    Follower.objects.create(blog=team.blog, actor=alice, follow_id=f"{alice.uri}#f", accepted=False)
    Follower.objects.create(blog=team.blog, actor=bob, follow_id=f"{bob.uri}#f")
    owner = _owner(team)
    page = owner.get(SCREEN).content.decode()
    assert "@dispatch@127.0.0.1:8000" in page and "Alice" in page and "Followers (1)" in page

    with committed():
        owner.post(CHANGE, {"action": "approve", "target": alice.uri})
    assert Follower.objects.get(actor=alice).accepted
    assert Job.objects.filter(
        kind="broadsheet.federation.jobs.deliver", payload__kwargs__activity__type="Accept"
    )

    owner.post(CHANGE, {"action": "block", "target": bob.uri})
    assert not Follower.objects.filter(actor=bob).exists()
    owner.post(CHANGE, {"action": "block", "target": "spam.example"})
    assert set(Block.objects.values_list("actor_uri", "domain")) == {
        (bob.uri, ""),
        ("", "spam.example"),
    }
    owner.post(CHANGE, {"action": "unblock", "target": "spam.example"})
    assert Block.objects.count() == 1

    owner.post(CHANGE, {"action": "lock"})
    assert Blog.objects.get(pk=team.blog.pk).approves_followers
    assert "Let anyone follow" in owner.get(SCREEN).content.decode()
    owner.post(CHANGE, {"action": "unlock"})
    assert not Blog.objects.get(pk=team.blog.pk).approves_followers
    owner.post(CHANGE, {"action": "authors_on"})
    assert Blog.objects.get(pk=team.blog.pk).announces_authors
    assert "Post as the blog only" in owner.get(SCREEN).content.decode()
    owner.post(CHANGE, {"action": "authors_off"})
    assert not Blog.objects.get(pk=team.blog.pk).announces_authors


def test_bad_input_is_explained_and_changes_nothing(team):
    owner = _owner(team)
    cases = [
        ({"action": "block", "target": "not a domain"}, "neither an actor"),
        ({"action": "approve", "target": "https://social.example/users/nobody"}, "no follow"),
        ({"action": "explode"}, "Choose something to do"),
    ]
    for data, message in cases:
        answer = owner.post(CHANGE, data, follow=True)
        assert answer.status_code == 200 and message in answer.content.decode(), data
    assert not Block.objects.exists() and not Job.objects.exists()


def test_only_the_blogs_administrators_see_the_screen(team):
    editor = Client()
    editor.force_login(team.editor)
    assert editor.get(SCREEN).status_code == 403
    assert editor.post(CHANGE, {"action": "lock"}).status_code == 403
    assert Client().get(SCREEN).status_code == 302  # to sign in
    assert not Blog.objects.get(pk=team.blog.pk).approves_followers
    assert "/edit/fediverse/" in _owner(team).get("/@dispatch/edit/").content.decode()
    assert "/edit/fediverse/" not in editor.get("/@dispatch/edit/").content.decode()


def test_the_profile_pictures_come_from_the_blogs_images(team, png_bytes):
    from broadsheet.blogs.services.blogs import create_blog
    from broadsheet.publishing.services import media

    icon = media.upload(team.blog, team.admin, "icon.png", png_bytes(64, 64))
    header = media.upload(team.blog, team.admin, "header.png", png_bytes(1500, 500))
    owner = _owner(team)
    owner.post(CHANGE, {"action": "profile", "icon": icon.pk, "header_image": header.pk})
    actor = Client().get("/@dispatch/activitypub/actor/").json()
    assert actor["icon"] == {"type": "Image", "mediaType": "image/png", "url": icon.absolute_url}
    assert actor["image"]["url"] == header.absolute_url
    assert (
        f'<link rel="icon" href="{icon.url}" type="image/png">'
        in Client().get("/@dispatch/").content.decode()
    )

    other = create_blog("elsewhere", title="Elsewhere", owner=team.admin)
    foreign = media.upload(other, team.admin, "x.png", png_bytes(64, 64))
    for bad in ({"icon": foreign.pk}, {"icon": "999999"}, {"header_image": "x"}):
        answer = owner.post(CHANGE, {"action": "profile", **bad}, follow=True)
        assert "Choose an image of the blog" in answer.content.decode(), bad
    assert Blog.objects.get(pk=team.blog.pk).icon_id == icon.pk  # unchanged

    owner.post(CHANGE, {"action": "profile", "icon": "", "header_image": ""})
    actor = Client().get("/@dispatch/activitypub/actor/").json()
    assert actor["icon"]["mediaType"] == "image/svg+xml" and "image" not in actor


def test_a_visitor_follows_from_their_own_server(team, settings):
    from broadsheet.tests.loopback import Page, site

    class TheirServer(Page):
        template = True

        def do_GET(self):
            if "acct%3Ajo%40" not in self.path:
                return self.respond(404, "{}", "application/json")
            link = {"rel": "http://ostatus.org/schema/1.0/subscribe"}
            link["template"] = f"http://{self.headers['Host']}/follow?acct={{uri}}"
            links = [link] if TheirServer.template else []
            self.respond(200, json.dumps({"links": links}), "application/jrd+json")

    page = "/@dispatch/activitypub/follow/"
    assert "Follow from your server" in Client().get("/@dispatch/").content.decode()
    with site(TheirServer, settings) as server:
        host = server.split("//")[1]
        answer = Client().get(page, {"account": f"@jo@{host}"}).content.decode()
        assert f'href="{server}/follow?acct=dispatch%40127.0.0.1%3A8000"' in answer
        TheirServer.template = False  # a server that names no follow screen: Mastodon's
        answer = Client().get(page, {"account": f"jo@{host}"}).content.decode()
        assert f"https://{host}/authorize_interaction?uri=dispatch%40127.0.0.1%3A8000" in answer
        unknown = Client().get(page, {"account": f"nobody@{host}"}).content.decode()
        assert "authorize_interaction" in unknown  # the server is still asked to take over
    for bad in ("not an address", "jo@", "@@"):
        answer = Client().get(page, {"account": bad})
        assert (
            answer.status_code == 200 and "Give your fediverse address" in answer.content.decode()
        )
