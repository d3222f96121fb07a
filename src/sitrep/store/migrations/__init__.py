"""Alembic migrations of the store's schema, shipped in the package and run when a Store opens."""
