"""The newsroom's roles as groups, so a fresh install has them: Writer, Editor, Moderator."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    # Writers draft and submit; which articles they may touch is decided per row in ArticleAdmin.
    "Writer": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.add_byline", "articles.change_byline", "articles.delete_byline", "articles.view_byline",
        "articles.view_section",
        "articles.add_photo", "articles.change_photo", "articles.view_photo",
        "articles.view_desknote",
        "authors.view_author",
        "taggit.add_tag", "taggit.view_tag",
    ],
    # Editors: everything on the desk's content, publishing included, and the comments too.
    "Editor": [
        "articles.*", "authors.*", "sponsors.*", "taggit.*", "comments.*",
    ],
    # Moderators work the comment queue and can read articles, not change them.
    "Moderator": [
        "comments.view_comment", "comments.change_comment",
        "articles.view_article", "articles.view_section", "articles.view_correction",
        "authors.view_author",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            permissions.extend(found)
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authors", "0001_initial"),
        ("sponsors", "0001_initial"),
        ("comments", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
