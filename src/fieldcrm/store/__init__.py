"""Storage: SQLModel tables over one local SQLite file, migrations, and queries per aggregate."""
