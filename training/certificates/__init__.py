"""Certificates: issued when a completion makes a course complete, verified in public, revoked by HR."""
