"""Template tags every app's templates use: lists of names joined as the page's language joins them."""


from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..i18n import and_join
from ..text import escaped

register = template.Library()


@register.simple_tag
def author_links(authors):
    """“A”, “A and B”, “A, B, and C” (“A、B和C” in Chinese), each name a link to the author's page."""
    # Escaped as format_html() would, without its lazy wrappers: every card on a list has a byline.
    return and_join(
        [mark_safe(f'<a href="{escaped(a.get_absolute_url())}" rel="author">{escaped(a.name)}</a>') for a in authors]
    )


@register.simple_tag
def sponsor_link(sponsor):
    """A sponsor's name, a rel="sponsored" link when it has an address."""
    return format_html('<a href="{}" rel="sponsored">{}</a>', sponsor.url, sponsor.name) if sponsor.url else format_html("{}", sponsor.name)


@register.simple_tag
def sponsor_links(sponsors):
    """The sponsors joined the same way as bylines."""
    return and_join([sponsor_link(s) for s in sponsors])
