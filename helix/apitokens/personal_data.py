"""API tokens in the personal-data download (never the token or its digest) and in account deletion."""

from helix.core.personal_data import DataSubject, register

from .models import ApiToken


def export_tokens(subject: DataSubject) -> list[dict]:
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "scope": token.scope,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "revoked_at": token.revoked_at,
            "last_used_at": token.last_used_at,
        }
        for token in ApiToken.objects.filter(user=subject.user)
    ]


def erase_tokens(subject: DataSubject) -> None:
    ApiToken.objects.filter(user=subject.user).delete()


register("api_tokens", export=export_tokens, erase=erase_tokens, covers={"apitokens.ApiToken": ("user", "name")})
