"""One check for "nothing loads from another host": an attribute or CSS url() that makes the browser
fetch from another host (scheme-relative too). Searching a page for the word "cdn" is not that check:
a random CSRF token can contain it."""

import re

FOREIGN = re.compile(
    r"""(?:\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)(?:https?:)?//""",
    re.IGNORECASE,
)


def foreign_references(html: str) -> list[str]:
    return [match.group(0) for match in FOREIGN.finditer(html)]
