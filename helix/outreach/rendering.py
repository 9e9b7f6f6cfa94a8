"""Markdown → safe HTML for newsletter issues (markdown, then nh3 sanitising)."""

import markdown
import nh3


def render_markdown(text: str) -> str:
    """HTML that is safe to show in a page or an e-mail: scripts, styles and handlers stripped."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(html, link_rel="noopener noreferrer")
