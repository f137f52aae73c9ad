"""The embedded default's database backend: Django's SQLite backend, binding whole numbers
beyond SQLite's 64 bits as PostgreSQL compares them (``base.py``)."""
