"""Business logic of the surveys app: questionnaires, answers, campaigns, reports, recommendations."""
