"""Persistence: models, the async engine, migrations."""
