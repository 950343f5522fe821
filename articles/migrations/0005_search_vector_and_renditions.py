import django.contrib.postgres.search
from django.db import migrations, models

INDEX = "article_search_vector_gin"

# The same document as articles.search.search_document(), written out for the rows that exist already
# (the migration state's models cannot follow taggit's generic relation).
BACKFILL = """
UPDATE articles_article a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(a.standfirst, '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(au.name, ' ') FROM articles_byline b JOIN authors_author au ON au.id = b.author_id
        WHERE b.article_id = a.id), '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(t.name, ' ') FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        JOIN django_content_type ct ON ct.id = ti.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article' AND ti.object_id = a.id), '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.body, '')), 'C')
"""


def add_search_index(apps, schema_editor):
    # PostgreSQL only: SQLite has no GIN indexes and searches without a stored vector.
    if schema_editor.connection.vendor != "postgresql":
        return
    # Serves /search/: `search_vector @@ query` over published articles.
    schema_editor.execute(f"CREATE INDEX {INDEX} ON articles_article USING gin (search_vector)")
    schema_editor.execute(BACKFILL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="renditions",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="The smaller copies made for readers' screens (articles/renditions.py); rebuilt when the image changes.",
            ),
        ),
        migrations.RunPython(add_search_index, drop_search_index),
    ]
