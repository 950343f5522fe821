from django.utils.functional import SimpleLazyObject

from newsroom import pagecache

from .models import Section

# A header holds this many sections; the rest (an imported site may have sixty) fold under "More".
MENU_SIZE = 8


def navigation(request):
    """The top-level sections for the site menu, queried (once) only by pages that show it."""
    def top_sections():
        # A section added or moved changes the menu of every page.
        pagecache.add_keys("sections")
        # A page that already loaded them (articles.views.sections_on_path) shares its list.
        known = getattr(request, "top_sections", None)
        return known if known is not None else Section.top_level()

    roots = SimpleLazyObject(top_sections)
    return {
        "nav_sections": SimpleLazyObject(lambda: roots[:MENU_SIZE]),
        "nav_more_sections": SimpleLazyObject(lambda: roots[MENU_SIZE:]),
    }
