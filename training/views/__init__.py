"""One blueprint per role."""
