from django.db import migrations
from django.db.models import Q


def drop_links_that_are_not_web_links(apps, schema_editor):
    """Commenters' links are http(s) addresses (engagement.services.comments checks them when
    written); rows written before that rule, by signed-in commenters or WXR imports, lose any
    other kind (javascript:, data:)."""
    Comment = apps.get_model("engagement", "Comment")
    web = Q(author_url__istartswith="http://") | Q(author_url__istartswith="https://")
    Comment.objects.exclude(author_url="").exclude(web).update(author_url="")


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]

    operations = [migrations.RunPython(drop_links_that_are_not_web_links, migrations.RunPython.noop)]
