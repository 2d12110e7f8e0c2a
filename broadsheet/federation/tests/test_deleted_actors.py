"""A deleted blog and a deleted person tell the fediverse: a Delete of the actor, signed with
its key (kept only for the days its deliveries may retry), reaches every server that knew it,
over real HTTP to a peer on loopback."""

import json
from datetime import timedelta

from django.utils import timezone

from broadsheet.accounts.services.deletion import delete_account
from broadsheet.blogs.models import Blog
from broadsheet.conftest import committed
from broadsheet.federation.models import RetiredActor
from broadsheet.federation.services import delivery, documents, signatures
from broadsheet.federation.services.keys import key_for
from broadsheet.federation.tests.conftest import Mastodonish, sent
from broadsheet.federation.tests.test_federation import follow
from broadsheet.jobs.services import run_pending


def test_a_deleted_blog_says_so_to_its_followers(team, remote):
    follow(remote, team)
    run_pending()
    Mastodonish.received = []
    actor = documents.actor_id(team.blog)
    public_key = key_for(team.blog).public_key_pem
    with committed():
        delete_account(team.admin, blogs_named={"dispatch"}, keep_comments=True)
    assert not Blog.objects.filter(slug="dispatch").exists()
    run_pending()
    (received,) = Mastodonish.received
    path, headers, body = received
    signatures.verify("POST", f"{remote}{path}", headers, body, lambda key_id: public_key)
    activity = json.loads(body)
    assert activity["type"] == "Delete" and activity["object"] == actor
    assert RetiredActor.objects.filter(actor_id=actor).exists()
    assert delivery.forget_retired(timezone.now() + timedelta(days=5)) == 1


def test_a_deleted_person_tells_the_accounts_they_followed(team, followed):
    with committed():
        delete_account(team.outsider, blogs_named=set(), keep_comments=False)
    run_pending()
    (delete,) = sent()
    assert delete["type"] == "Delete"
    assert delete["object"] == delete["actor"] and "/people/omar/" in delete["actor"]
