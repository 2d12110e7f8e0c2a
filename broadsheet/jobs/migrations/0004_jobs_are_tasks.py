"""Jobs queued before background work became Django tasks name their handler and carry one
dict; each becomes the task's module path and its keyword arguments."""

import hashlib
import json

from django.db import migrations

TASKS = {
    "fetching.keep_remote_image": "broadsheet.fetching.jobs.keep_remote_image",
    "discovery.recompute_related": "broadsheet.discovery.jobs.recompute_related_job",
    "federation.deliver": "broadsheet.federation.jobs.deliver",
    "federation.follow": "broadsheet.federation.jobs.follow",
    "federation.unfollow": "broadsheet.federation.jobs.unfollow",
    "federation.like": "broadsheet.federation.jobs.like",
    "federation.reply": "broadsheet.federation.jobs.reply",
    "reader.refresh_feed": "broadsheet.reader.jobs.refresh_feed",
    "engagement.verify_webmention": "broadsheet.engagement.jobs.verify_webmention",
    "engagement.send_webmentions": "broadsheet.engagement.jobs.send_webmentions",
    "engagement.notify_author": "broadsheet.engagement.jobs.notify_author",
    "subscriptions.send_confirmation": "broadsheet.subscriptions.jobs.send_confirmation",
    "subscriptions.mail_post": "broadsheet.subscriptions.jobs.mail_post",
    "pagecache.drop_blog": "broadsheet.pagecache.jobs.drop_blog",
}


def to_tasks(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(kind__in=TASKS).iterator():
        kwargs = dict(job.payload)
        if job.kind == "reader.refresh_feed":
            feed = apps.get_model("reader", "RemoteFeed").objects.filter(pk=kwargs.get("feed_id"))
            kwargs["url"] = feed.values_list("url", flat=True).first() or ""
        kind, payload = TASKS[job.kind], {"args": [], "kwargs": kwargs}
        key = hashlib.sha256(json.dumps([kind, payload], sort_keys=True).encode()).hexdigest()
        if Job.objects.filter(kind=kind, key=key, state="queued", attempts=0).exists():
            job.delete()
            continue
        Job.objects.filter(pk=job.pk).update(kind=kind, key=key, payload=payload)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_leases_and_periods"), ("reader", "0003_remote_authors")]

    operations = [migrations.RunPython(to_tasks, migrations.RunPython.noop)]
