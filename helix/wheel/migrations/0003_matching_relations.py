"""Links to matching become real relations: participants' challenge/solution id lists become
many-to-many fields and a request's source match id a foreign key. Ids of rows that no longer exist
are dropped (a foreign key cannot point at them)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Participant = apps.get_model("wheel", "Participant")
    MeetingRequest = apps.get_model("wheel", "MeetingRequest")
    Challenge = apps.get_model("matching", "Challenge")
    Solution = apps.get_model("matching", "Solution")
    Match = apps.get_model("matching", "Match")
    challenge_ids = set(Challenge.objects.values_list("pk", flat=True))
    solution_ids = set(Solution.objects.values_list("pk", flat=True))
    ChallengeLink = Participant.challenges.through
    SolutionLink = Participant.solutions.through
    challenge_links, solution_links = [], []
    for pk, challenges, solutions in Participant.objects.values_list(
        "pk", "legacy_challenge_ids", "legacy_solution_ids"
    ):
        for cid in {int(i) for i in challenges or [] if str(i).isdigit()} & challenge_ids:
            challenge_links.append(ChallengeLink(participant_id=pk, challenge_id=cid))
        for sid in {int(i) for i in solutions or [] if str(i).isdigit()} & solution_ids:
            solution_links.append(SolutionLink(participant_id=pk, solution_id=sid))
    ChallengeLink.objects.bulk_create(challenge_links, batch_size=1000)
    SolutionLink.objects.bulk_create(solution_links, batch_size=1000)
    match_ids = set(Match.objects.values_list("pk", flat=True))
    for pk, match_id in MeetingRequest.objects.filter(legacy_source_match_id__isnull=False).values_list(
        "pk", "legacy_source_match_id"
    ):
        if match_id in match_ids:
            MeetingRequest.objects.filter(pk=pk).update(source_match_id=match_id)


def copy_back(apps, schema_editor):
    Participant = apps.get_model("wheel", "Participant")
    MeetingRequest = apps.get_model("wheel", "MeetingRequest")
    for participant in Participant.objects.prefetch_related("challenges", "solutions"):
        participant.legacy_challenge_ids = sorted(c.pk for c in participant.challenges.all())
        participant.legacy_solution_ids = sorted(s.pk for s in participant.solutions.all())
        participant.save(update_fields=["legacy_challenge_ids", "legacy_solution_ids"])
    for pk, match_id in MeetingRequest.objects.filter(source_match__isnull=False).values_list("pk", "source_match_id"):
        MeetingRequest.objects.filter(pk=pk).update(legacy_source_match_id=match_id)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_thesaurus"),
        ("wheel", "0002_participant_withdrawn"),
    ]

    operations = [
        migrations.RenameField("participant", "challenge_ids", "legacy_challenge_ids"),
        migrations.RenameField("participant", "solution_ids", "legacy_solution_ids"),
        migrations.RenameField("meetingrequest", "source_match_id", "legacy_source_match_id"),
        migrations.AddField(
            model_name="participant",
            name="challenges",
            field=models.ManyToManyField(
                blank=True, related_name="wheel_participations", to="matching.challenge", verbose_name="challenges"
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="solutions",
            field=models.ManyToManyField(
                blank=True, related_name="wheel_participations", to="matching.solution", verbose_name="solutions"
            ),
        ),
        migrations.AddField(
            model_name="meetingrequest",
            name="source_match",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="wheel_requests",
                to="matching.match",
                verbose_name="source match",
            ),
        ),
        migrations.RunPython(copy_links, copy_back),
        migrations.RemoveField("participant", "legacy_challenge_ids"),
        migrations.RemoveField("participant", "legacy_solution_ids"),
        migrations.RemoveField("meetingrequest", "legacy_source_match_id"),
    ]
