"""Tags saved before articles.apps.tag_slug_fallback with an empty slug get one (a page cannot link to /tag//)."""

import hashlib

from django.db import migrations


def fill_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        tag.slug = "tag-" + hashlib.sha1(tag.name.encode()).hexdigest()[:10]
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_section_names"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fill_slugs, migrations.RunPython.noop)]
