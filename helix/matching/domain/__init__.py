"""Business logic of the matching app: records, matching, interest, pipeline, full recomputes."""
