"""Authorization of the web pages that change data. Every URL name of the site is classified here:
READ_ONLY pages change nothing; WRITE_PAGES change data and are checked per role below (each role's
request in a rolled-back savepoint, refusals leave the database unchanged); WRITES_TESTED_ELSEWHERE
change data and name the test module that covers their refusals. A new URL name fails
`test_every_url_name_is_classified` until it is added to one of them.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helix.apitokens import domain as tokens

from .test_authz_matrix import snapshot
from .world import ROLES, build

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "academy:catalogue", "academy:cohort", "academy:course", "academy:dashboard", "academy:export", "academy:mine",
    "accounts:download_data", "accounts:login", "accounts:organisation_options", "accounts:password_reset_complete",
    "accounts:password_reset_done", "accounts:pending_requests", "accounts:profile",
    "certificates:download", "certificates:mine", "certificates:verify", "certificates:verify_form",
    "core:home",
    "events:calendar", "events:commitments", "events:detail", "events:export", "events:feed", "events:ics",
    "events:list", "events:mine", "events:staff", "events:ticket",
    "matching:board", "matching:challenge", "matching:challenges", "matching:index", "matching:run_progress",
    "matching:solution", "matching:solutions",
    "network:agreement", "network:agreements", "network:directory", "network:organisation", "network:person",
    "outreach:archive", "outreach:archive_issue", "outreach:issue_detail", "outreach:issue_progress",
    "outreach:manage", "outreach:preview",
    "surveys:campaign", "surveys:campaign_export", "surveys:campaign_report", "surveys:index", "surveys:mine",
    "surveys:questionnaire", "surveys:response_report", "surveys:response_report_pdf",
    "territory:commune", "territory:map", "territory:region",
    "transfer:export_organisations", "transfer:export_people",
    "wheel:agenda", "wheel:agenda_ics", "wheel:agenda_pdf", "wheel:board", "wheel:browse", "wheel:dashboard",
    "wheel:detail", "wheel:direct_ics", "wheel:direct_meetings", "wheel:export_json", "wheel:export_table",
    "wheel:list", "wheel:meetings", "wheel:participants", "wheel:requests", "wheel:table_sheets",
    # Pages of other branches (home, notifications, impact, strategy, ops, phone), classified by the
    # apisec branch from their names when they were merged; their own tests cover them.
    "core:audit_log", "core:audit_log_export", "core:autocomplete", "core:favicon", "core:mailbox",
    "core:mailbox_attachment", "core:mailbox_message", "home:mine", "notifications:bell", "notifications:list",
    "impact:countries", "impact:country", "impact:coverage", "impact:coverage-map", "impact:coverage-region",
    "impact:dashboard", "impact:expansion", "impact:figure", "impact:partners", "impact:public",
    "impact:report_pdf", "impact:report_xlsx", "wheel:organisation_search",
}  # fmt: skip

# Writes whose per-role refusals are covered by the app's own tests (where: names).
WRITES_TESTED_ELSEWHERE = {
    # Writes of other branches, classified from their names when they were merged (apisec).
    **dict.fromkeys(["accounts:login_code", "accounts:resend_activation", "accounts:security"], "tests/accounts"),
    **dict.fromkeys(
        [
            "events:confirm_registration",
            "events:create",
            "events:edit",
            "events:partner_add",
            "events:partner_remove",
            "events:session_add",
            "events:session_delete",
            "events:session_edit",
            "events:speaker_add",
            "events:speaker_remove",
        ],
        "tests/events",
    ),
    "impact:manual": "tests/impact",
    **dict.fromkeys(
        ["notifications:open", "notifications:preferences", "notifications:read_all"], "tests/notifications"
    ),
    **dict.fromkeys(
        [
            "academy:accept",
            "academy:attendance",
            "academy:complete",
            "academy:enrol",
            "academy:final_mark",
            "academy:mark",
            "academy:set_capacity",
        ],
        "tests/academy",
    ),
    **dict.fromkeys(
        [
            "accounts:activate",
            "accounts:decide_request",
            "accounts:delete_account",
            "accounts:logout",
            "accounts:password_reset",
            "accounts:password_reset_confirm",
            "accounts:request_representation",
            "accounts:signup",
        ],
        "tests/accounts",
    ),
    **dict.fromkeys(
        ["apitokens:tokens"],
        "tests/api/test_tokens.py",
    ),
    **dict.fromkeys(
        ["events:accept_offer", "events:accept_session_offer", "events:cancel", "events:manage", "events:set_capacity"],
        "tests/events",
    ),
    **dict.fromkeys(
        ["events:certificates", "events:checkin", "events:commitment_done", "events:minutes"],
        "tests/events/test_permissions.py",
    ),
    **dict.fromkeys(
        [
            "matching:board_agreement",
            "matching:board_move",
            "matching:challenge_create",
            "matching:challenge_edit",
            "matching:match_move",
            "matching:runs",
            "matching:solution_create",
            "matching:solution_edit",
        ],
        "tests/matching",
    ),
    **dict.fromkeys(
        ["network:my_profile", "network:organisation_edit"],
        "tests/network",
    ),
    **dict.fromkeys(
        [
            "outreach:confirm",
            "outreach:issue_create",
            "outreach:issue_edit",
            "outreach:issue_send",
            "outreach:issue_send_test",
            "outreach:preferences",
            "outreach:subscribe",
            "outreach:unsubscribe",
        ],
        "tests/outreach",
    ),
    **dict.fromkeys(
        ["set_language"],
        "django.views.i18n (cookie only)",
    ),
    **dict.fromkeys(
        [
            "surveys:campaign_close",
            "surveys:campaign_create",
            "surveys:campaign_remind",
            "surveys:new_version",
            "surveys:publish",
            "surveys:question_create",
            "surveys:question_delete",
            "surveys:question_edit",
            "surveys:questionnaire_create",
            "surveys:respond",
            "surveys:response_challenge",
            "surveys:section_add",
        ],
        "tests/surveys",
    ),
    **dict.fromkeys(
        ["transfer:import", "transfer:import_cancel", "transfer:import_confirm", "transfer:import_preview"],
        "tests/transfer",
    ),
    **dict.fromkeys(
        [
            "wheel:checkin",
            "wheel:checkin_participant",
            "wheel:create",
            "wheel:direct_outcome",
            "wheel:direct_propose",
            "wheel:edit",
            "wheel:edit_registration",
            "wheel:import_json",
            "wheel:import_table",
            "wheel:invite",
            "wheel:lock",
            "wheel:manage_requests",
            "wheel:mark",
            "wheel:meeting_status",
            "wheel:no_show",
            "wheel:outcome",
            "wheel:publish",
            "wheel:register",
            "wheel:remove_request",
            "wheel:run",
            "wheel:schedule",
            "wheel:walk_ins",
            "wheel:withdraw",
        ],
        "tests/wheel",
    ),
}

LOGIN = "login"  # anonymous: redirected to the sign-in page, nothing written


def _token(w):
    token, _raw = tokens.create_token(actor=w["users"]["owner_rep"], name="t", scope="read", days=30)
    return [token.pk]


# name: (url arguments, POST data, expected per role in ROLES order: a status, or LOGIN)
WRITE_PAGES = {
    "matching:challenge_solved": (lambda w: [w["challenge"].pk], {}, (LOGIN, 403, 403, 302, 302, 302)),
    "matching:match_action": (
        lambda w: [w["match"].pk, "interest"],
        {},
        (LOGIN, 403, 403, 302, 302, 302),
    ),
    "network:agreement_confirm": (lambda w: [w["agreement"].pk], {}, (LOGIN, 403, 403, 302, 302, 302)),
    "wheel:invitation_answer": (
        lambda w: [w["invitation"].pk],
        {"answer": "decline"},
        (LOGIN, 403, 403, 302, 302, 302),
    ),
    "wheel:direct_answer": (lambda w: [w["proposal"].pk], {"answer": "decline"}, (LOGIN, 403, 403, 302, 302, 302)),
    "wheel:answer": (lambda w: [w["meeting_request"].pk], {"answer": "accept"}, (LOGIN, 403, 403, 302, 302, 302)),
    "events:cancel_mine": (lambda w: [w["registration"].pk], {}, (LOGIN, 403, 403, 302, 403, 302)),
    "academy:cancel": (lambda w: [w["enrolment"].pk], {}, (LOGIN, 404, 404, 302, 404, 302)),
    "apitokens:revoke": (_token, {}, (LOGIN, 404, 404, 302, 404, 404)),
}


def url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    # The back office has its own permission system; the API has its own matrix (test_authz_matrix.py).
    return {name for name in walk(get_resolver().url_patterns) if not name.startswith(("admin:", "api:"))}


def test_every_url_name_is_classified():
    classified = READ_ONLY | set(WRITES_TESTED_ELSEWHERE) | set(WRITE_PAGES)
    missing = sorted(url_names() - classified)
    assert not missing, "URL names not classified in tests/api/test_authz_web.py:\n" + "\n".join(missing)
    overlap = (READ_ONLY & set(WRITES_TESTED_ELSEWHERE)) | (READ_ONLY & set(WRITE_PAGES))
    assert not overlap, sorted(overlap)


@pytest.mark.parametrize("name", sorted(WRITE_PAGES))
def test_write_pages_give_each_role_exactly_the_allowed_outcome(name):
    world = build()
    args, data, expected = WRITE_PAGES[name]
    url = reverse(name, args=args(world))
    actual = {}
    for role in ROLES:
        with transaction.atomic():
            before = snapshot()
            client = Client()
            if world["users"][role] is not None:
                client.force_login(world["users"][role])
            response = client.post(url, data)
            refused = response.status_code >= 400 or response.url.startswith("/accounts/login/")
            if response.status_code == 302 and response.url.startswith("/accounts/login/"):
                actual[role] = LOGIN
            else:
                actual[role] = response.status_code
            if refused:
                assert snapshot() == before, f"{name}: refused {role} changed the database"
            transaction.set_rollback(True)
    assert actual == dict(zip(ROLES, expected, strict=True)), name
