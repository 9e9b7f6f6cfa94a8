"""Reading the public impact page in a browser (used by the journey's browser test too)."""


def impact_figures(page, live_server, query: str = "") -> dict[str, int]:
    """The number shown for each figure key on /impact/."""
    page.goto(f"{live_server.url}/impact/{'?' + query if query else ''}")
    values = {}
    for figure in page.locator("#figures [data-key]").all():
        values[figure.get_attribute("data-key")] = int(figure.locator("strong").inner_text().replace(".", ""))
    return values
