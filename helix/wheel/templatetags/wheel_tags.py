from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}` — dictionary lookup with a variable key (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def run_summary(run) -> str:
    """“N of M requested meetings scheduled (optimal | X% of the proven bound)” for a finished run."""
    from helix.wheel.domain.scheduling import summary

    return summary(run.stats) if run.stats else ""
