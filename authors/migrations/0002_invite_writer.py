"""Editors add writers (login, Writer group, author profile, invitation) in one step."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("authors")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(*Permission.objects.filter(content_type__app_label="authors", codename="invite_writer"))


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0001_initial"),
        ("articles", "0004_editorial_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="author",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("invite_writer", "Can create a writer's login and author profile, and invite them by e-mail"),
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
