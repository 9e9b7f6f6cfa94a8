"""`manage.py match`: bulk offer–demand matching from CSV files (shared/formats/matching.md).

Works on the files alone (no database). Bad rows go to stderr as "file:line: column: message";
exits non-zero only when no usable challenge or no usable solution remains.
"""

import json
import sys
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError

from helix.matching.engine import Matcher, match_docs, read_challenges, read_solutions


class Command(BaseCommand):
    help = "Match challenges to solutions from CSV files and write helix-matches/1 JSON."
    requires_system_checks = []  # files only: no database, no app checks needed

    def add_arguments(self, parser):
        parser.add_argument("--challenges", required=True, help="challenges.csv")
        parser.add_argument("--solutions", required=True, help="solutions.csv")
        parser.add_argument("--top", type=int, default=10, help="solutions per challenge (default 10)")
        parser.add_argument("--out", default="-", help="output JSON file ('-' = standard output)")
        parser.add_argument(
            "--engine",
            choices=["full", "lexical", "baseline"],
            default="full",
            help="full = shipped matcher; lexical = BM25 + thesaurus without embeddings; "
            "baseline = plain BM25 over title + description (no thesaurus, tags or regions)",
        )
        parser.add_argument(
            "--no-embeddings", action="store_true", help="never use the embedding model even when installed"
        )

    def handle(self, *args, challenges, solutions, top, out, engine, no_embeddings, **options):
        if top < 1:
            raise CommandError("--top must be at least 1")
        ch = read_challenges(challenges)
        so = read_solutions(solutions)
        for problem in ch.problems + so.problems:
            self.stderr.write(problem)
        if not ch.usable or not so.usable:
            which = "challenges" if not ch.usable else "solutions"
            raise CommandError(f"no usable {which} left after the problems above; nothing matched")
        solution_docs = so.docs
        if engine == "baseline":
            matcher = Matcher(embeddings=False, thesaurus=False, use_tags=False, use_regions=False)
            solution_docs = [replace(d, extra="") for d in solution_docs]  # title + description only
        else:
            matcher = Matcher(embeddings=False if (engine == "lexical" or no_embeddings) else None)
        result = match_docs(ch.docs, solution_docs, top=top, matcher=matcher)
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if out == "-":
            sys.stdout.write(text + "\n")
        else:
            try:
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            except OSError as exc:
                raise CommandError(f"{out}: cannot write the output ({exc.strerror or exc})") from exc
        n_matched = sum(1 for v in result["matches"].values() if v)
        skipped = len(ch.problems) + len(so.problems)
        self.stderr.write(
            f"matched {n_matched}/{len(ch.docs)} challenges against {len(so.docs)} solutions"
            + (f"; {skipped} problem(s) reported" if skipped else "")
        )
