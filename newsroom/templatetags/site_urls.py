"""
`{% url %}` as Django's, with each address worked out once per process: `{% load site_urls %}` in
a template makes its `{% url %}` tags this one. A reader's page has a dozen or two of them (the
header's and footer's links, feeds, breadcrumbs, each tag of a story), and each reverse() costs.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import conditional_escape

from ..i18n import remembered, url_environment

register = template.Library()


class RememberedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None

        def make():
            return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)

        try:
            # Text (a template's literals are SafeStrings) and numbers: values whose address cannot change.
            if all(isinstance(value, (str, int)) for value in (view_name, *args, *(v for _, v in kwargs))):
                # What reverse() depends on: the name and its values, the language (the edition's
                # prefix), the URLconf and the script prefix, the application namespace.
                key = ("url", view_name, args, kwargs, current_app, translation.get_language(), *url_environment())
                url = remembered(key, make)
            else:
                url = make()  # an object's address could change with the object: asked each time
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
