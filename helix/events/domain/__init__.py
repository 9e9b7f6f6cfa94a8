"""Business logic of events (registration, waiting lists, check-in, minutes, certificates)."""
