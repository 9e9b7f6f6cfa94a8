"""Read an HTML form the way a browser submits it, so a test can change one field and post the rest
as they were (e.g. a Django admin change form with its inlines)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.depth = form_id, False, 0
        self.data: dict[str, list[str]] = {}
        self._select: tuple[str, bool, list, list] | None = None  # name, multiple, selected, all options
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and not a.get("disabled"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[3].append(value)
            if "selected" in a:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, multiple, selected, options = self._select
            if not selected and not multiple and options:
                selected = options[:1]
            if selected:
                self.data.setdefault(name, []).extend(selected)
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of ``<form id=form_id>`` as a browser would post them (name → values)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    # Like a browser, drop the newline Django writes right after <textarea>.
    return {name: [value.removeprefix("\n") for value in values] for name, values in reader.data.items()}
