"""
Benchmark of the reader's site on PostgreSQL with 100,000 published articles: full-text search
(/search/?q=, ranked, with snippets) for common, rare, multi-word, phrase, author, tag, empty-result
and over-long queries, and the list pages (front, section, deep page, tag, author, month), each timed
through Django's test client with its query count, plus the database time of the search query alone.

    make bench-search            (also: make bench)
    .venv/bin/python bench/search.py [--articles N] [--repeat N] [--keep]

The database named by BENCH_DATABASE_URL (default newsroom_bench_search on the local server) is
dropped and created again unless --keep finds it already filled: its name must contain "bench".
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from urllib.parse import quote_plus

from benchdb import recreate_database, setup_django, timed

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_search"
AUTHORS = 300
TAGS = 800
BODY_WORDS = 350
# The share of articles written in Chinese: a bilingual community site publishes about one in five.
CHINESE_SHARE = 0.2
# Chinese news words, commonest first (original list for this benchmark); text is made of them
# without spaces, as Chinese is written, with the clause and sentence marks of real prose.
CHINESE_WORDS = """
社区 居民 今天 表示 我们 政府 城市 学校 家庭 工作 活动 问题 发展 经济 市场 公司 学生 老师 孩子 医疗
服务 中心 计划 会议 议员 市长 预算 住房 交通 安全 警方 法院 选举 投票 华人 移民 文化 教育 健康 医院
图书馆 讲座 职场 女性 协会 志愿者 组织 企业 科技 工程师 硅谷 湾区 旧金山 圣何塞 加州 美国 中国 日内瓦
外交官 会谈 谈判 政策 法律 税收 租金 房价 通勤 地铁 公交 高速 天气 干旱 山火 地震 环境 能源 电动车
芯片 半导体 人工智能 软件 数据 隐私 网络 手机 创业 投资 银行 利率 通胀 就业 工资 工会 罢工 餐馆 超市
节日 春节 中秋 庆祝 演出 音乐 电影 书店 作家 文学 诗歌 展览 博物馆 公园 体育 篮球 足球 比赛 冠军 青年
老人 退休 护理 疫苗 诊所 医生 护士 病人 保险 福利 捐款 慈善 义工 邻里 街道 商店 小区 房东 租客 法规
委员会 听证会 提案 通过 反对 支持 批准 宣布 举办 参加 讨论 介绍 报道 调查 研究 发现 认为 希望 需要 增加
减少 提高 改善 影响 解决 提供 帮助 建设 开放 关闭 恢复 推出 发布 计划中 上周 本周 周末 明年 去年 今年
""".split()






def vocabulary():
    """Words in the proportions news prose uses them: the demo articles' words, Zipf-weighted by frequency rank."""
    from articles import demo_content

    text = " ".join(a["body"] + " " + a["standfirst"] + " " + a["title"] for a in demo_content.ARTICLES)
    words = re.findall(r"[A-Za-z][a-z]{2,}", re.sub(r"<[^>]+>", " ", text))
    counts = {}
    for word in words:
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    ranked = sorted(counts, key=counts.get, reverse=True)
    return ranked, [1 / (rank + 1) for rank in range(len(ranked))]


def chinese_text(rng, characters, end="。"):
    """About `characters` characters of Chinese prose: Zipf-weighted words, a clause mark every few words."""
    weights = [1 / (rank + 1) for rank in range(len(CHINESE_WORDS))]
    out, length, clause = [], 0, 0
    while length < characters:
        word = rng.choices(CHINESE_WORDS, weights)[0]
        out.append(word)
        length += len(word)
        clause += 1
        if clause >= rng.randint(4, 8) and length < characters:
            out.append(rng.choice("，，，、；"))
            clause = 0
    return "".join(out) + end


def indexed(words):
    """The vocabulary without English stop words (which a search drops), so that each query looks for something."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT w FROM unnest(%s::text[]) AS w WHERE to_tsvector('english', w) <> ''", [words])
        kept = {row[0] for row in cursor.fetchall()}
    return [w for w in words if w in kept]


def fill(total, chinese_share=CHINESE_SHARE):
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section
    from authors.models import Author

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    words, weights = vocabulary()
    roots = [Section.objects.create(name=n, slug=n.lower(), position=i) for i, n in enumerate(["News", "Business", "Technology", "Culture", "Community"])]
    sections = roots + [Section.objects.create(name=n, slug=n.lower(), parent=roots[0]) for n in ["World", "Politics"]]
    surnames = ["Zhang", "Alvarez", "Natarajan", "Nowak", "Okafor", "Lindqvist", "Moreau", "Haddad", "Kowalski", "Tanaka"]
    Author.objects.bulk_create(
        Author(name=f"{rng.choice(['Ana', 'Kevin', 'Priya', 'Tomasz', 'Amara', 'Lee', 'Sam'])} {surnames[i % 10]} {i}", slug=f"author-{i}")
        for i in range(AUTHORS)
    )
    started = time.perf_counter()
    now = timezone.now()
    batch = []
    for n in range(total):
        if rng.random() < chinese_share:
            # About as long as the English ones on the page: 600 characters of body in five paragraphs.
            title = chinese_text(rng, rng.randint(8, 16), end="")
            standfirst = chinese_text(rng, 50)
            paragraphs = [chinese_text(rng, 120) for _ in range(5)]
        else:
            title = " ".join(rng.choices(words, weights, k=rng.randint(5, 11))).capitalize()
            standfirst = " ".join(rng.choices(words, weights, k=25)).capitalize() + "."
            paragraphs = [" ".join(rng.choices(words, weights, k=BODY_WORDS // 5)).capitalize() + "." for _ in range(5)]
        published = now - timezone.timedelta(minutes=37 * n + rng.randint(0, 30))
        batch.append(
            Article(
                title=title, slug=f"bench-{n}", standfirst=standfirst, body="".join(f"<p>{p}</p>" for p in paragraphs),
                section=sections[n % len(sections)], status="published", published_at=published, created_at=published,
            )
        )
        if len(batch) == 2_000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # One or two authors per article, three tags each (tag names drawn from the same vocabulary).
        cursor.execute(
            """
            INSERT INTO articles_byline (article_id, author_id, position, role)
            SELECT a.id, au.id, 0, '' FROM articles_article a
            JOIN authors_author au ON au.slug = 'author-' || (a.id * 7 %% %(authors)s)
            """,
            {"authors": AUTHORS},
        )
        cursor.execute(
            """
            INSERT INTO articles_byline (article_id, author_id, position, role)
            SELECT a.id, au.id, 1, '' FROM articles_article a
            JOIN authors_author au ON au.slug = 'author-' || ((a.id * 7 + 1) %% %(authors)s)
            WHERE a.id %% 5 = 0
            """,
            {"authors": AUTHORS},
        )
        tag_names = list(dict.fromkeys(rng.choices(words[50:], k=TAGS * 3)))[:TAGS]
        cursor.executemany("INSERT INTO taggit_tag (name, slug) VALUES (%s, %s)", [(t, t) for t in tag_names])
        content_type = ContentType.objects.get_for_model(Article).pk
        cursor.execute(
            """
            INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
            SELECT DISTINCT a.id, %(ct)s, tags.ids[1 + ((a.id * (k + 3) * 2654435761) %% array_length(tags.ids, 1))]
            FROM articles_article a CROSS JOIN generate_series(0, 2) AS k
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM taggit_tag) AS tags
            """,
            {"ct": content_type},
        )
    print(f"Generated {total:,} articles ({chinese_share:.0%} in Chinese) with bylines and tags in {time.perf_counter() - started:.1f} s")


def index():
    from django.db import connection

    from articles.models import Article

    started = time.perf_counter()
    # The vectors through the model's own code path, in batches.
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), 10_000):
        Article.objects.filter(pk__gte=ids[i], pk__lte=ids[min(i + 9_999, len(ids) - 1)]).update_search_vectors()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Computed search vectors in {time.perf_counter() - started:.1f} s")




def sizes():
    """What the search costs on disk: the GIN index, and the stored vectors of English and of Chinese articles."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('article_search_vector_gin'))")
        print(f"GIN index: {cursor.fetchone()[0]}")
        cursor.execute(
            """
            SELECT title ~ '[\u4e00-\u9fff]' AS chinese, count(*), avg(pg_column_size(search_vector))::int,
                   avg(length(strip_tags_body))::int
            FROM (SELECT title, search_vector, regexp_replace(body, '<[^>]*>', '', 'g') AS strip_tags_body FROM articles_article) a
            GROUP BY 1 ORDER BY 1
            """
        )
        for chinese, count, vector_bytes, body_chars in cursor.fetchall():
            print(f"{'Chinese' if chinese else 'English'} articles: {count:,}, vector {vector_bytes} bytes, body {body_chars} characters")


def search_query_ms(query, repeat):
    """The database alone: the search view's results query for page 1 (21 rows), median of `repeat`."""
    from articles import search
    from articles.views import cards

    times, matches = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = list(search.search(cards(), search.clean_query(query))[:21])
        times.append((time.perf_counter() - started) * 1000)
        matches = len(rows)
    return statistics.median(times), matches


def headline_phrase():
    """Two adjacent long words of some headline, in quotes: a phrase search that finds something."""
    from articles.models import Article

    for title in Article.objects.order_by("pk").values_list("title", flat=True)[:1000]:
        words = title.lower().split()
        for first, second in zip(words, words[1:]):
            if len(first) > 5 and len(second) > 5:
                return f'"{first} {second}"'
    return '"city council"'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="Reuse the database when it is already filled.")
    parser.add_argument("--chinese-share", type=float, default=CHINESE_SHARE, help="Share of articles in Chinese (0.2).")
    parser.add_argument("--explain", action="store_true", help="Print the plan of a common-word search.")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The search benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://...")

    if not args.keep:
        recreate_database(url)
    setup_django(url)
    from django.test import Client

    from articles.models import Article
    from authors.models import Author

    if not args.keep or not Article.objects.exists():
        fill(args.articles, args.chinese_share)
    if Article.objects.filter(search_vector=None).exists():
        index()
    sizes()
    total = Article.objects.published().count()
    client = Client()
    words = indexed(vocabulary()[0])
    author = Author.objects.get(slug="author-7")
    tag = Article.objects.first().tags.first()
    newest = Article.objects.published().newest_first().values_list("published_at", flat=True).first()
    searches = [
        ("common word", words[40]),
        ("mid-frequency word", words[300]),
        ("least frequent vocabulary word", words[-1]),
        ("two words", f"{words[60]} {words[120]}"),
        ("phrase (from a headline)", headline_phrase()),
        ("either word (OR)", f"{words[200]} or {words[400]}"),
        ("author surname", author.name.split()[1]),
        ("tag", tag.name),
        ("Chinese: common word", CHINESE_WORDS[3]),
        ("Chinese: mid-frequency word", CHINESE_WORDS[60]),
        ("Chinese: least frequent word", CHINESE_WORDS[-1]),
        ("Chinese: two words", f"{CHINESE_WORDS[20]} {CHINESE_WORDS[90]}"),
        ("Chinese: four characters (2 words)", CHINESE_WORDS[24] + CHINESE_WORDS[41]),
        ("Chinese: one character", "馆"),
        ("mixed English and Chinese", f"{words[40]} {CHINESE_WORDS[10]}"),
        ("no match", "xylophonequartz"),
        ("200-character query", " ".join(words[500:560])[:200]),
    ]
    print(f"\n{total:,} published articles; median and worst of {args.repeat} requests after one warm-up\n")
    print(f"{'page':<44} {'median ms':>10} {'max ms':>8} {'queries':>8} {'db ms':>7} {'hits':>5}")
    for label, query in searches:
        path = f"/search/?q={quote_plus(query)}"
        client.get(path)
        median, worst, queries = timed(client, path, args.repeat)
        db_ms, hits = search_query_ms(query, args.repeat)
        print(f"{'search: ' + label:<44} {median:>10.1f} {worst:>8.1f} {queries:>8} {db_ms:>7.1f} {hits:>5}")
    pages = [
        ("front page", "/"),
        ("front page, page 2", "/?page=2"),
        ("section (News and subsections)", "/news/"),
        ("section, page 50", "/news/?page=50"),
        ("section, deep page (OFFSET)", f"/news/?page={max(1, total // 7 // 20 // 2)}"),
        ("tag", f"/tag/{tag.slug}/"),
        ("author", author.get_absolute_url()),
        ("month archive", f"/{newest:%Y/%m}/"),
        ("RSS feed", "/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("article sitemap, part 1 (10,000 URLs)", "/sitemap-articles.xml"),
    ]
    for label, path in pages:
        client.get(path)
        median, worst, queries = timed(client, path, args.repeat)
        print(f"{label:<44} {median:>10.1f} {worst:>8.1f} {queries:>8}")
    # For comparison: the COUNT(*) a Paginator would add to every list page.
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        Article.objects.published().count()
        times.append((time.perf_counter() - started) * 1000)
    print(f"\n{'COUNT(*) of published articles (not made)':<44} {statistics.median(times):>10.1f}")
    if args.explain:
        from articles import search
        from articles.views import cards

        print(f"\nPlan of the search for {words[40]!r}, page 1:\n")
        print(search.search(cards(), words[40])[:21].explain(analyze=True, buffers=True))

if __name__ == "__main__":
    main()
