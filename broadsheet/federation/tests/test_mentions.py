"""A public note elsewhere that mentions a blog or a person here reaches their notifications
(from a peer on loopback, signed as Mastodon signs); a note for some people only, or naming
nobody here, tells nobody."""

from broadsheet.federation.services import documents
from broadsheet.federation.tests.conftest import alice_says, note
from broadsheet.notifications.models import Notification


def _create(mastodon, number, **changes):
    return {
        "id": f"{mastodon}/users/alice/statuses/{number}/activity",
        "type": "Create",
        "object": note(mastodon, number, **changes),
    }


def test_a_mention_of_a_blog_reaches_its_owner(team, mastodon):
    mention = {"type": "Mention", "href": documents.actor_id(team.blog), "name": "@dispatch"}
    response = alice_says(mastodon, _create(mastodon, 1, tag=[mention]))
    assert response.status_code == 202, response.content
    (row,) = Notification.objects.filter(recipient=team.admin, kind="mention")
    assert row.summary.endswith("mentioned “The Dispatch”")
    assert row.url == f"{mastodon}/@alice/1" and row.excerpt == "Low tide at noon."


def test_a_private_note_or_one_naming_nobody_tells_nobody(team, mastodon):
    mention = {"type": "Mention", "href": documents.actor_id(team.blog)}
    alice_says(mastodon, _create(mastodon, 2, tag=[mention], to=[f"{mastodon}/users/bob"]))
    alice_says(
        mastodon, _create(mastodon, 3, tag=[{"type": "Mention", "href": "https://x.example/u/b"}])
    )
    assert not Notification.objects.exists()
