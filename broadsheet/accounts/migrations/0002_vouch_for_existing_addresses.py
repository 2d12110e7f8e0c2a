"""Accounts made before sign-up existed were made by the operator: their addresses count as
verified, so that nobody is asked for a code at their next sign-in."""

from django.db import migrations


def vouch(apps, schema_editor):
    User = apps.get_model("blogs", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    for user in User.objects.exclude(email="").order_by("pk").iterator():
        if user.email.lower() in taken or EmailAddress.objects.filter(user=user).exists():
            continue
        taken.add(user.email.lower())
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(vouch, migrations.RunPython.noop)]
