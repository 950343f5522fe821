"""Give the newsroom's roles (articles 0004) the permissions of the moderation models added since."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    # Editors own the moderation rules and everything else about comments.
    "Editor": ["view_comment", "change_comment", "delete_comment", "add_comment",
               "view_ban", "add_ban", "change_ban", "view_moderationrules", "change_moderationrules"],
    # Moderators work the queue: delete (from the trash), ban and lift bans, read the rules.
    "Moderator": ["view_comment", "change_comment", "delete_comment",
                  "view_ban", "add_ban", "change_ban", "view_moderationrules"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderation"),
        ("articles", "0004_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
