"""Database access: declarative base, engines and sessions, migrations."""
