"""Persistence: SQLAlchemy Core schema, Alembic migrations, repositories."""
