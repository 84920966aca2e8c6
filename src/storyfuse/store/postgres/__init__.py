"""The PostgreSQL store (the `postgres` extra): many writers and readers on one server."""
