"""Hostile activities (Hypothesis), properly signed by an account on the loopback server, and
hostile bodies unsigned: the inbox answers each with a status below 500, never a server error;
and the Reader's and the Fediverse screen's forms with hostile fields likewise."""

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.federation.services import documents
from broadsheet.federation.tests.conftest import send_as_alice
from broadsheet.tests.test_fuzz import FUZZ, URL_TEXT

TYPES = ["Create", "Update", "Delete", "Like", "Announce", "Undo", "Follow", "Accept"]
TYPES += ["Reject", "Move", "Flag", "Note", "Article", "Tombstone", "Question", ""]
KEYS = ["id", "type", "actor", "object", "inReplyTo", "attributedTo", "content", "to", "cc"]
KEYS += ["target", "url", "published", "name", "summary", "tag", "attachment", "proof"]


def _activities(addresses: list[str]):
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True)
        | URL_TEXT
        | st.sampled_from(TYPES + addresses + [documents.PUBLIC])
    )
    values = st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner),
        max_leaves=12,
    )
    return st.fixed_dictionaries(
        {"type": st.sampled_from(TYPES), "object": values},
        optional={key: values for key in KEYS if key not in ("type", "actor", "object")},
    )


def test_signed_hostile_activities_are_never_a_server_error(team, remote):
    post = team.post("Target", source="Text.")
    addresses = [
        post.absolute_url,
        f"{post.absolute_url}#comment-1",
        documents.actor_id(team.blog),
        f"{remote}/users/alice",
        f"{remote}/users/bob",
        f"{remote}/users/alice/statuses/1",
        "http://[::1",
    ]

    statuses = []

    @FUZZ
    @given(activity=_activities(addresses))
    def check(activity):
        activity["actor"] = f"{remote}/users/alice"
        answer = send_as_alice(remote, activity)
        statuses.append(answer.status_code)
        assert answer.status_code < 500, answer.content

    check()
    assert len(statuses) >= 40  # every example went through the inbox


@FUZZ
@given(body=st.binary(max_size=300) | URL_TEXT.map(str.encode))
def test_unsigned_hostile_bodies_are_refused(team, body):
    answer = Client().post("/inbox/", data=body, content_type="application/activity+json")
    assert answer.status_code in (400, 401, 413)


@FUZZ
@given(
    path=st.sampled_from(
        [
            "/reader/follow/",
            "/reader/entries/1/like/",
            "/reader/entries/1/reply/",
            "/@dispatch/edit/fediverse/change/",
        ]
    ),
    fields=st.dictionaries(
        # Not `url`: following an address looks its host up, which would leave this machine.
        st.sampled_from(["feed", "blog", "stop", "text", "action", "target", "icon"]),
        URL_TEXT,
        max_size=4,
    ),
)
def test_reader_and_fediverse_forms_with_hostile_fields(team, path, fields):
    owner = Client()
    owner.force_login(team.admin)
    answer = owner.post(path, fields)
    assert answer.status_code < 500


def test_text_no_database_can_store_is_refused_wherever_it_hides(team, remote):
    """PostgreSQL holds no NUL: an activity with one anywhere is a 400, kept as a refusal."""
    from broadsheet.federation.models import Refusal

    post = team.post("Target", source="Text.")
    alice = f"{remote}/users/alice"
    note = {"type": "Note", "id": f"{alice}/s/1", "attributedTo": alice}
    activities = [
        {"type": "Like", "object": post.absolute_url + "\u0000"},
        {
            "type": "Create",
            "object": {**note, "inReplyTo": post.absolute_url, "content": "a\u0000"},
        },
        {"type": "Follow", "id": "http://x/\u0000", "object": documents.actor_id(team.blog)},
        {"type": "Delete", "object": {"id": f"{alice}/\u0000"}},
        {"type": "Flag\u0000", "object": [post.absolute_url]},
        {"type": "Like", "object": post.absolute_url, "\u0000": "x"},
    ]
    for activity in activities:
        answer = send_as_alice(remote, {"id": f"{alice}/a", "actor": alice, **activity})
        assert answer.status_code == 400, activity
    refused = Refusal.objects.filter(status=400)
    assert sum(refused.values_list("times", flat=True)) == len(activities)
    post.refresh_from_db()
    assert (post.like_count, post.comment_count) == (0, 0)


def test_bodies_that_once_were_server_errors_are_refused(team, remote):
    """JSON nested past the parser's recursion limit, a multipart form, a keyId that is no
    address: each a 4xx at every inbox, kept as one counted refusal per kind."""
    from broadsheet.federation.models import Refusal

    deep = b"[" * 100_000 + b"]" * 100_000
    inboxes = ["/inbox/", "/@dispatch/activitypub/inbox/"]
    for path in inboxes:
        assert Client().post(path, deep, content_type="application/activity+json").status_code in (
            400,
            413,
        )
        nested = b'{"type":"Like","object":' * 3000 + b"1" + b"}" * 3000
        answer = Client().post(path, nested, content_type="application/activity+json")
        assert answer.status_code == 400
        form = Client().post(path, {"type": "Like", "file": ("x.txt", b"x")})
        assert form.status_code == 400
        odd_key = 'keyId="http://[::1/x",headers="(request-target) host date",signature="AA=="'
        signed = Client().post(
            path,
            b'{"type": "Like"}',
            content_type="application/activity+json",
            HTTP_SIGNATURE=odd_key,
        )
        assert signed.status_code in (400, 401)
    assert Refusal.objects.count() <= 4 * len(inboxes)


def test_junk_is_counted_not_kept_row_by_row(team):
    from broadsheet.federation.models import Refusal

    for _ in range(300):
        Client().post("/inbox/", b"junk", content_type="application/activity+json")
    (refusal,) = Refusal.objects.all()
    assert refusal.times == 300 and refusal.status == 400
