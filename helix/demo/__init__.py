"""Demo data: a realistic, deterministic Chilean smart-city ecosystem for the local demo, tests and
benchmarks. One seeder module per app (`network`, `matching`, `events`, `wheel`, `academy`,
`outreach`), run in that order by `manage.py seed_demo`; `manage.py demo_admin` makes the staff account.

Dates are relative to the day the seed runs (`dates.today()`), so the demo always has upcoming events,
open wheels and recent activity. Nothing outside this package imports it, except tests and benchmarks.
"""
