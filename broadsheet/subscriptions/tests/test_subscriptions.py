"""Following a blog by e-mail, over a real SMTP server on loopback (aiosmtpd): double opt-in,
a mail per new post (once, scheduled posts when they go live), digests, one-click unsubscribe,
permanent refusals, the form's rate limit."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from broadsheet.conftest import committed
from broadsheet.jobs.services import run_pending
from broadsheet.publishing.models import Post
from broadsheet.publishing.services import posts
from broadsheet.publishing.services.posts import PostChanges
from broadsheet.subscriptions.models import PostMailing, Subscriber, SubscriberStatus


def subscribe(email="reader@example.org", frequency="instant", address="192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        "/@dispatch/subscribe/", {"email": email, "frequency": frequency}
    )


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())


def confirmed(smtp_server, email="reader@example.org", frequency="instant") -> Subscriber:
    assert subscribe(email, frequency).status_code == 200
    run_pending()
    _, mail = smtp_server.messages[-1]
    confirm = next(link for link in links(mail) if "/subscribe/" in link)
    page = Client().get(confirm.split("8000", 1)[1])
    assert page.status_code == 200 and "You are subscribed" in page.content.decode()
    smtp_server.messages.clear()
    return Subscriber.objects.get(email=email)


def publish(team, title="News", **extra):
    with committed():
        return posts.create_post(
            team.blog,
            team.author,
            PostChanges(title=title, source="Words.", status="publish", **extra),
        )


def test_double_opt_in_nothing_but_the_confirmation_before_it(team, smtp_server):
    html = Client().get("/@dispatch/").content.decode()
    assert 'class="subscribe-form"' in html
    assert subscribe().status_code == 200
    run_pending()
    assert len(smtp_server.messages) == 1
    recipients, mail = smtp_server.messages[0]
    assert recipients == ["reader@example.org"] and "Confirm" in mail["Subject"]
    publish(team, "Before confirming")
    run_pending()
    assert len(smtp_server.messages) == 1  # a pending subscriber gets no posts
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    bad = Client().get("/@dispatch/subscribe/forged-token/")
    assert bad.status_code == 404


def test_each_new_post_is_mailed_once_with_unsubscribe_headers(team, smtp_server):
    confirmed(smtp_server)
    post = publish(team, "Summit report")
    run_pending()
    run_pending()
    assert len(smtp_server.messages) == 1
    _, mail = smtp_server.messages[0]
    assert "Summit report" in mail["Subject"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Unsubscribe"].strip().startswith("<http") and mail.get_body(("plain",))
    assert mail.get_body(("html",)) is not None
    assert PostMailing.objects.get(post=post).sent == 1
    # Editing it, or announcing it again, mails nothing.
    with committed():
        posts.update_post(post, team.author, PostChanges(title="Summit report, updated"))
    run_pending()
    assert len(smtp_server.messages) == 1


def test_a_scheduled_post_is_mailed_when_it_goes_live(team, smtp_server):
    confirmed(smtp_server)
    later = publish(team, "Tomorrow", published_at=timezone.now() + timedelta(hours=1))
    run_pending()
    assert smtp_server.messages == []
    Post.objects.filter(pk=later.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    with committed():
        run_pending()
    run_pending()
    assert [m["Subject"] for _, m in smtp_server.messages] == ["[The Dispatch] Tomorrow"]


def test_one_click_unsubscribe_as_mail_clients_do_it(team, smtp_server):
    subscriber = confirmed(smtp_server)
    publish(team)
    run_pending()
    _, mail = smtp_server.messages[0]
    target = mail["List-Unsubscribe"].strip().strip("<>").split("8000", 1)[1]
    assert "Unsubscribe?" in Client().get(target).content.decode()  # a GET only asks
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    response = Client().post(
        target, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    publish(team, "After")
    run_pending()
    assert len(smtp_server.messages) == 1


def test_digests_gather_the_period_s_posts(team, smtp_server):
    subscriber = confirmed(smtp_server, frequency="daily")
    publish(team, "Morning")
    publish(team, "Evening")
    run_pending()
    assert smtp_server.messages == []  # not an instant subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(
        digest_since=timezone.now() - timedelta(days=1, minutes=1)
    )
    run_pending()
    assert len(smtp_server.messages) == 1
    _, mail = smtp_server.messages[0]
    body = mail.get_body(("plain",)).get_content()
    assert "2 new this day" in mail["Subject"] and "Morning" in body and "Evening" in body
    run_pending()
    assert len(smtp_server.messages) == 1


def test_a_permanent_refusal_stops_mail_to_that_address(team, smtp_server):
    confirmed(smtp_server, "gone@example.org")
    confirmed(smtp_server, "here@example.org")
    smtp_server.refuse.add("gone@example.org")
    publish(team)
    run_pending()
    assert [r for r, _ in smtp_server.messages] == [["here@example.org"]]
    assert Subscriber.objects.get(email="gone@example.org").status == SubscriberStatus.BOUNCED


def test_bad_addresses_and_floods_are_refused(team, smtp_server):
    assert subscribe("not-an-address").status_code == 400
    assert subscribe("x@example.org", "hourly").status_code == 400
    for number in range(5):
        assert subscribe(f"r{number}@example.org", address="192.0.2.99").status_code == 200
    assert subscribe("r6@example.org", address="192.0.2.99").status_code == 429
    assert Subscriber.objects.count() == 5


def test_writers_see_their_subscriber_count(team, smtp_server, client):
    confirmed(smtp_server)
    client.force_login(team.author)
    assert "1 subscriber by e-mail" in client.get("/@dispatch/edit/").content.decode()


def test_one_mailbox_is_not_flooded_from_many_addresses_and_blogs(team, smtp_server):
    from broadsheet.blogs.services.blogs import create_blog

    with committed():
        create_blog("other", title="Other", owner=team.admin)
    answers = []
    for number in range(40):
        blog = "dispatch" if number % 2 else "other"
        client = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        response = client.post(f"/@{blog}/subscribe/", {"email": "victim@example.org"})
        answers.append(response.status_code)
    run_pending()
    assert answers.count(200) == 3 and set(answers[3:]) == {429}
    assert 1 <= len(smtp_server.messages) <= 3  # a second ask of one blog re-sends the queued one
    refused = Client(REMOTE_ADDR="198.51.100.99").post(
        "/@dispatch/subscribe/", {"email": "victim@example.org"}
    )
    assert "several times today" in refused.content.decode()
