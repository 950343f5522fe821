"""
CJK search on PostgreSQL: the SQL function that rewrites each run of Chinese, Japanese or Korean
characters as its overlapping pairs before the text is parsed (articles/search.py says why), and
every article's search vector computed again through it.
"""

from django.db import migrations

# The characters articles.text.CJK_RANGES names, in PostgreSQL's regular-expression escapes.
CJK_CLASS = (
    r"[\u1100-\u11ff\u3005\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION newsroom_cjk_pairs(run text) RETURNS text
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT CASE WHEN length(run) < 2 THEN run ELSE (
        SELECT string_agg(substr(run, i, 2), ' ' ORDER BY i) FROM generate_series(1, length(run) - 1) AS i
    ) || ' ' || right(run, 1) END
$$;

CREATE OR REPLACE FUNCTION newsroom_search_text(doc text) RETURNS text
IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT CASE WHEN doc IS NULL THEN '' WHEN doc !~ '{CJK_CLASS}' THEN doc ELSE (
        SELECT string_agg(p.piece || coalesce(' ' || newsroom_cjk_pairs(r.run[1]) || ' ', ''), '' ORDER BY p.n)
        FROM regexp_split_to_table(doc, '{CJK_CLASS}+') WITH ORDINALITY AS p(piece, n)
        LEFT JOIN regexp_matches(doc, '{CJK_CLASS}+', 'g') WITH ORDINALITY AS r(run, n) USING (n)
    ) END
$$;
"""

# The document of articles.search.search_document(), written out (the migration state's models
# cannot follow taggit's generic relation).
BACKFILL = """
UPDATE articles_article a SET search_vector =
    setweight(to_tsvector('english', newsroom_search_text(a.title)), 'A')
    || setweight(to_tsvector('english', newsroom_search_text(a.standfirst)), 'B')
    || setweight(to_tsvector('english', newsroom_search_text((
        SELECT string_agg(au.name, ' ') FROM articles_byline b JOIN authors_author au ON au.id = b.author_id
        WHERE b.article_id = a.id))), 'B')
    || setweight(to_tsvector('english', newsroom_search_text((
        SELECT string_agg(t.name, ' ') FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        JOIN django_content_type ct ON ct.id = ti.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article' AND ti.object_id = a.id))), 'B')
    || setweight(to_tsvector('english', newsroom_search_text(a.body)), 'C')
"""


def create_functions(apps, schema_editor):
    # PostgreSQL only: SQLite searches without a stored vector.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    schema_editor.execute(BACKFILL)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_search_text(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_cjk_pairs(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_front_page_index"),
    ]

    operations = [
        migrations.RunPython(create_functions, drop_functions),
    ]
