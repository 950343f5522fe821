"""Template tags for the reader's site: responsive pictures, absolute URLs, canonical URLs and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.safestring import mark_safe

from newsroom.i18n import language_name as i18n_language_name
from newsroom.memo import per_process
from newsroom.i18n import NEWS_LANGUAGES, language_tag, translated_url
from newsroom.templatetags.site_tags import author_links
from newsroom.text import clean_text, escaped

from .. import body_media, text
from ..models import Correction
from ..renditions import media_url, pick, renditions_for, srcset

register = template.Library()

# What a shared link or a search result shows: large enough for a card, never the original upload.
SHARE_WIDTH = 1280
# What `src` falls back to for browsers without srcset.
FALLBACK_WIDTH = 640


@register.simple_tag
def picture(photo, sizes="100vw", loading="lazy", alt=None, css_class="", priority=False):
    """
    A photo in every width it comes in: a WebP <source> and a JPEG (or PNG) <img>, with `srcset`,
    `sizes`, and width and height so the page does not shift as it loads.
    """
    # Written in Python rather than as an included template: a list page draws twenty of these, and
    # each inclusion costs a template render. The markup is the one includes/picture.html had (that
    # template is gone), its closing newline included.
    if not photo:
        return mark_safe("\n")
    renditions = renditions_for(photo)
    if renditions:
        fallback = pick(renditions, FALLBACK_WIDTH)
        src, width, height = media_url(fallback["src"]), fallback["width"], fallback["height"]
        webp_srcset, img_srcset = srcset(renditions, "webp"), srcset(renditions, "src")
        source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp_srcset, sizes) if webp_srcset else ""
        img_srcset = format_html(' srcset="{}" sizes="{}"', img_srcset, sizes) if img_srcset else ""
    else:
        src, width, height = photo.image.url, photo.width, photo.height
        source = img_srcset = ""
    return format_html(
        '<picture{}>{}<img src="{}"{} alt="{}"{}{}></picture>\n',
        format_html(' class="{}"', css_class) if css_class else "",
        source,
        src,
        img_srcset,
        photo.alt_text if alt is None else (alt or ""),
        format_html(' width="{}" height="{}"', localize(width), localize(height)) if width else "",
        mark_safe(' fetchpriority="high"') if priority else format_html(' loading="{}" decoding="async"', loading),
    )


# What a card's photo takes of the page's width, unless the list says otherwise.
CARD_PHOTO_SIZES = "(min-width: 48rem) 16rem, calc(100vw - 2rem)"


@register.simple_tag(takes_context=True)
def article_card(context, article, level="", card_class="", snippet="", loading="", photo_sizes=""):
    """
    An article's card on a list page, written in Python rather than as an included template: a list
    draws twenty cards of some forty template nodes each, a third of an uncached front page. The
    markup is byte for byte the one includes/article_card.html had (that template is gone; tests/site
    check the cards as readers see them); the arguments are the ones the include took, empty for
    their defaults.
    """
    # Strings are put together and escaped here without format_html(): a card has some twenty of
    # them, and its lazy wrappers cost more than the escaping.
    level = escaped(level or "h2")
    language = article.language
    foreign = language != context.get("LANGUAGE_CODE", "")
    url = escaped(article.get_absolute_url())
    section = article.section
    title = escaped(article.title)
    lang = f' lang="{escaped(language_tag(language))}"' if foreign else ""
    parts = [f'<article class="card{" " + escaped(card_class) if card_class else ""}"{lang}>\n  ']
    photo = article.photo
    if photo:
        drawn = picture(photo, sizes=photo_sizes or CARD_PHOTO_SIZES, alt="", loading=loading or "lazy")
        parts.append(f'<a href="{url}" class="card-photo" tabindex="-1" aria-hidden="true">{drawn}</a>')
    parts.append('\n  <div class="card-text">\n    ')
    if article.sponsor_id:
        parts.append(f'<p class="card-sponsored">{escaped(gettext("Sponsored"))}</p>')
    hreflang = language_name = ""
    if foreign:
        hreflang = f' hreflang="{escaped(language_tag(language))}"'
        language_name = f'<span class="card-language">{escaped(i18n_language_name(language))}</span>'
    parts.append(
        f'\n    <p class="card-section"><a href="{escaped(section.get_absolute_url())}">{escaped(section.local_name)}</a></p>\n'
        f'    <{level} class="card-title"><a href="{url}"{hreflang}>{title}</a>{language_name}</{level}>\n    '
    )
    parts.append(byline(article))
    published = article.published_at
    count = article.comment_count
    comments = ""
    if count:
        counted = ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": escaped(localize(count))}
        on = gettext("on “%(headline)s”") % {"headline": title}
        comments = f' · <a href="{url}#comments">{counted}<span class="visually-hidden"> {on}</span></a>'
    when = iso = ""
    if published:
        local = timezone.localtime(published)  # once for both forms (isotime's and the card's date)
        when, iso = card_date(local.date(), translation.get_language()), escaped(iso_to_the_second(local))
    parts.append(
        f'\n    <p class="card-date"><time datetime="{iso}">{when}</time>{comments}</p>\n'
        f'    <p class="card-excerpt">{escaped(snippet if snippet else article.excerpt())}</p>\n  </div>\n</article>\n'
    )
    return mark_safe("".join(parts))


@per_process(maxsize=4096)
def card_date(day, language):
    """A card's day as `language` writes it (DATE_FORMAT: “March 3, 2025”, “2025年3月3日”), escaped; kept per process."""
    with translation.override(language):
        return escaped(date_format(day, "DATE_FORMAT"))


@register.simple_tag
def byline(article, show_roles=False):
    """
    “By A and B”, each name a link to the author's page, then with `show_roles` a line for each
    other role (“Photos by C”), as the article page shows them (a card shows none).
    """
    main = article.main_authors
    parts = ['<p class="byline">' + gettext("By %(names)s") % {"names": author_links(main)} + "</p>"] if main else []
    if show_roles:
        parts.extend(
            f'\n<p class="byline byline-role">{escaped(pgettext("byline role", role))} {author_links(people)}</p>'
            for role, people in article.credit_lines
        )
    return mark_safe("".join(parts) + "\n")


@register.filter
def body_html(body):
    """An article's body as readers get it: its library photos and embeds drawn (articles/body_media.py)."""
    return body_media.render(body)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def photo_url(context, photo, width=SHARE_WIDTH):
    """The absolute address of the photo's rendition closest to `width` (for og:image and JSON-LD)."""
    if not photo:
        return ""
    return context["request"].build_absolute_uri(_share_size(photo, width)["url"])


def _share_size(photo, width=SHARE_WIDTH):
    renditions = renditions_for(photo)
    if renditions:
        size = pick(renditions, width)
        return {"url": media_url(size["src"]), "width": size["width"], "height": size["height"]}
    return {"url": photo.image.url, "width": photo.width, "height": photo.height}


@register.simple_tag(takes_context=True)
def share_image(context, photo):
    """{url, width, height} of the photo as shared links show it."""
    if not photo:
        return None
    size = _share_size(photo)
    size["url"] = context["request"].build_absolute_uri(size["url"])
    return size


@register.simple_tag(takes_context=True)
def meta_tags(context, **given):
    """
    The page's description, canonical address, Open Graph and Twitter card tags. Takes title,
    description, og_type ("article"), photo (a Photo) and noindex, each from the page's context
    when not given. Written in Python rather than as an included template: every page has them.
    """

    def value(name):
        return given[name] if name in given else context.get(name)

    site_name = context.get("SITE_NAME") or ""
    title = conditional_escape(value("title") or site_name)
    described = strip_tags(str(value("description") or site_name))
    short, long = escaped(text.clip(described, 200)), escaped(text.clip(described, 300))
    canonical = escaped(canonical_url(context))
    photo = value("photo")
    image = share_image(context, photo)
    parts = [
        f'\n<meta name="description" content="{short}">\n',
        '<meta name="robots" content="noindex">' if value("noindex") else f'<link rel="canonical" href="{canonical}">',
        f'\n<meta property="og:site_name" content="{conditional_escape(site_name)}">\n'
        f'<meta property="og:type" content="{conditional_escape(value("og_type") or "website")}">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<meta property="og:description" content="{long}">\n'
        f'<meta property="og:url" content="{canonical}">\n'
        f'<meta property="og:locale" content="{conditional_escape(context.get("OG_LOCALE") or "")}">\n',
    ]
    if image:
        url, alt = escaped(image["url"]), conditional_escape(photo.alt_text)
        parts.append(
            f'<meta property="og:image" content="{url}">\n'
            f'<meta property="og:image:width" content="{localize(image["width"])}">\n'
            f'<meta property="og:image:height" content="{localize(image["height"])}">\n'
            f'<meta property="og:image:alt" content="{alt}">\n'
            '<meta name="twitter:card" content="summary_large_image">\n'
            f'<meta name="twitter:image" content="{url}">\n'
            f'<meta name="twitter:image:alt" content="{alt}">\n'
        )
    else:
        parts.append('<meta name="twitter:card" content="summary">')
    parts.append(f'\n<meta name="twitter:title" content="{title}">\n<meta name="twitter:description" content="{short}">\n')
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: its path, plus the page number past the first; no other query."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page")
    if page and page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.filter
def lang_tag(code):
    """A language code as HTML's lang and hreflang write it: zh-hans → zh-Hans."""
    return language_tag(code)


@register.filter
def news_language(code):
    """A language as Google News sitemaps name it: en, zh-cn, zh-tw."""
    return NEWS_LANGUAGES.get(code, code)


@register.filter
def language_name(code):
    return i18n_language_name(code)


@register.inclusion_tag("includes/language_links.html", takes_context=True)
def language_links(context):
    """
    Links to this page in the site's other languages: for an article, its translations (else the
    other edition's front page); for any other page, the same page in the other edition.
    """
    request, current = context["request"], translation.get_language()
    versions = context.get("language_versions")
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if versions is not None:
            version = next((a for a in versions if a.language == code), None)
            url = version.get_absolute_url() if version else translated_url(reverse("articles:front"), code)
        else:
            url = translated_url(request.get_full_path(), code)
        links.append({"code": code, "tag": language_tag(code), "name": name, "url": url})
    return {"links": links}


@register.simple_tag(takes_context=True)
def edition_alternates(context):
    """hreflang links to a list page (front, section) in every language's edition, the default one as x-default."""
    request = context["request"]
    links = [
        (language_tag(code), request.build_absolute_uri(translated_url(request.path, code)))
        for code, _ in settings.LANGUAGES
    ]
    if len(links) < 2:
        return ""
    default = request.build_absolute_uri(translated_url(request.path, settings.LANGUAGE_CODE))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', [*links, ("x-default", default)]
    )


@register.filter(is_safe=False)
def clip(value, width):
    """
    Text cut to `width` columns (a CJK character takes two) at a sentence or clause end when there is
    one, else at a word or between two Chinese characters, never inside one: meta descriptions.
    """
    return text.clip(str(value or ""), int(width))


@register.filter
def isotime(value):
    """ISO 8601 in the site's time zone, to the second (what validators, feeds and schema.org want)."""
    return iso_to_the_second(timezone.localtime(value)) if value else ""


def iso_to_the_second(local):
    """isotime() of a moment already in the site's time zone."""
    return local.replace(microsecond=0).isoformat()


@register.filter
def xml_text(value):
    """Text for an XML document: without the control characters XML 1.0 forbids (see newsroom.text)."""
    return clean_text(value)


def _json_ld(data):
    # Escaped as Django's json_script does, so no text can close the <script> element.
    text = json.dumps(data, ensure_ascii=False, indent=None)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _breadcrumbs(request, section, last=None):
    items = [(gettext("Home"), reverse("articles:front"))]
    items += [(crumb.local_name, crumb.get_absolute_url()) for crumb in section.ancestors_and_self] if section else []
    if last:
        items.append(last)
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": request.build_absolute_uri(url)}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }


def _publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:front")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static("img/logo.png")),
            "width": 600,
            "height": 60,
        },
    }


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """schema.org NewsArticle and BreadcrumbList for the article page, as JSON-LD."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.search_description,
        "datePublished": isotime(article.published_at),
        "dateModified": isotime(article.updated_at or article.published_at),
        "author": [
            {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in article.ordered_authors
        ],
        "publisher": _publisher(request),
        "articleSection": article.section.local_name,
        "inLanguage": language_tag(article.language),
        "isAccessibleForFree": True,
    }
    # The featured photo, and the social image when the editor chose another one for shared links.
    photos = [p for p in (article.photo, article.social_image if article.social_image_id else None) if p]
    if photos:
        data["image"] = []
        for photo in dict.fromkeys(photos):
            size = _share_size(photo)
            data["image"].append({
                "@type": "ImageObject",
                "url": request.build_absolute_uri(size["url"]),
                "width": size["width"],
                "height": size["height"],
                "caption": photo.caption or photo.alt_text,
                **({"creditText": photo.credit} if photo.credit else {}),
            })
    versions = context.get("language_versions") or []
    original = next((a for a in versions if a.original_id is None and a.pk != article.pk), None)
    if article.original_id and original:
        data["translationOfWork"] = {"@id": request.build_absolute_uri(original.get_absolute_url()) + "#article"}
    elif not article.original_id:
        translations = [a for a in versions if a.pk != article.pk]
        if translations:
            data["workTranslation"] = [
                {"@id": request.build_absolute_uri(a.get_absolute_url()) + "#article", "inLanguage": language_tag(a.language)}
                for a in translations
            ]
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if article.sponsor_id:
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor.name}
        if article.sponsor.url:
            data["sponsor"]["url"] = article.sponsor.url
    corrections = [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": isotime(c.published_at)}
        for c in article.corrections.all()
        if c.kind == Correction.Kind.CORRECTION
    ]
    if corrections:
        data["correction"] = corrections
    breadcrumbs = _breadcrumbs(request, article.section, (article.title, article.get_absolute_url()))
    return _json_ld([data, {"@context": "https://schema.org", **breadcrumbs}])


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, section):
    """BreadcrumbList for a section page."""
    return _json_ld({"@context": "https://schema.org", **_breadcrumbs(context["request"], section)})


@register.simple_tag(takes_context=True)
def website_jsonld(context):
    """The site itself for the front page: its name, publisher, and how to search it."""
    request = context["request"]
    search = request.build_absolute_uri(reverse("articles:search"))
    return _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri(reverse("articles:front")),
            "publisher": _publisher(request),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        }
    )


@register.simple_tag(takes_context=True)
def author_jsonld(context, author):
    """schema.org ProfilePage for an author page: the person, their job title and their own website."""
    request = context["request"]
    person = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
        "worksFor": _publisher(request),
    }
    if author.title:
        person["jobTitle"] = author.title
    if author.bio:
        person["description"] = author.bio
    if author.website:
        person["sameAs"] = [author.website]
    if author.photo:
        person["image"] = request.build_absolute_uri(author.photo.url)
    return _json_ld({"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person})
