"""The API for HR systems: tokens (tokens.py, admin_views.py), schemas, operations and OpenAPI."""
