"""Reading what pages contain, as a browser would find it."""

import re
from html.parser import HTMLParser

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf(client, path):
    """The CSRF token of the form on ``path``."""
    return _CSRF.search(client.get(path).get_data(as_text=True)).group(1)


class _FormReader(HTMLParser):
    """The fields of each form on a page, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self._form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["first"] = value if self._select["first"] is None else self._select["first"]
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self._form["fields"].append((self._select["name"], chosen or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self._form["fields"].append((name, value.removeprefix("\n")))
            self._textarea = None


def page_form(html):
    """The fields of the page's own form (the one that posts back to the page, not the sign-out button)."""
    reader = _FormReader()
    reader.feed(html)
    form = next(form for form in reader.forms
                if form["attrs"].get("method") == "post" and not form["attrs"].get("action"))
    return dict(form["fields"])
