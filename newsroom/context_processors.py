from django.conf import settings
from django.utils import translation

from .i18n import OG_LOCALES, language_tag


def site(request):
    """The site's name, and the language of the page being rendered (an article's own, or its edition's)."""
    language = translation.get_language()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LANGUAGE": language_tag(language),
        "OG_LOCALE": OG_LOCALES.get(language, language.replace("-", "_")),
    }
