"""Who may do what with API tokens: each person manages only their own."""


def can_create_token(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def can_revoke_token(actor, token) -> bool:
    return bool(actor and actor.is_authenticated and token.user_id == actor.pk)
