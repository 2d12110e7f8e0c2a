"""Replies and Reader posts kept before their author's actor id was recorded get it now: a
reply's author is the known actor whose page or id it links to; a post delivered by a followed
account is that account's (a boosted one's author is not known, so only the booster's server
can no longer change it, which is what the rule wants)."""

from django.db import migrations


def record_authors(apps, schema_editor):
    Comment = apps.get_model("engagement", "Comment")
    RemoteEntry = apps.get_model("reader", "RemoteEntry")
    RemoteActor = apps.get_model("federation", "RemoteActor")
    replies = Comment.objects.filter(author_uri="", comment_type="comment").exclude(source_url="")
    for comment in replies.iterator():
        actor = (
            RemoteActor.objects.filter(url=comment.author_url).first()
            or RemoteActor.objects.filter(uri=comment.author_url).first()
        )
        if actor is not None:
            Comment.objects.filter(pk=comment.pk).update(author_uri=actor.uri)
    for entry in RemoteEntry.objects.filter(author_uri="", feed__protocol="activitypub").select_related("feed").iterator():
        RemoteEntry.objects.filter(pk=entry.pk).update(author_uri=entry.feed.url)


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0005_authorfollower"),
        ("engagement", "0006_comment_author_uri"),
        ("reader", "0003_remote_authors"),
    ]

    operations = [migrations.RunPython(record_authors, migrations.RunPython.noop)]
