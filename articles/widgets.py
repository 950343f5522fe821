from taggit.forms import TagWidget


class TagAutocompleteWidget(TagWidget):
    """The comma-separated tag box, suggesting existing tags as the editor types (see tag_autocomplete.js)."""

    def __init__(self, suggest_url, attrs=None):
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-tag-suggest": self.suggest_url, "autocomplete": "off"}
        return super().get_context(name, value, attrs)

    class Media:
        js = ["articles/admin/tag_autocomplete.js"]
