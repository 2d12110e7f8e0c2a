import uuid

from django.db import migrations, models


def give_each_a_uuid(apps, schema_editor):
    AppPassword = apps.get_model("blogs", "AppPassword")
    for record in AppPassword.objects.filter(uuid=None):
        record.uuid = uuid.uuid4()
        record.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("blogs", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(name="apppassword", options={"ordering": ["created_at", "pk"]}),
        migrations.AddField(
            model_name="apppassword",
            name="last_ip",
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apppassword", name="uuid", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(give_each_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apppassword",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
