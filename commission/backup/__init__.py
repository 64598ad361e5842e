"""Backups: `flask backup create DIR` (snapshot.py) and `flask backup restore DIR` (restore.py), portable between
SQLite and PostgreSQL through a logical dump of every table; a city's own data export (city_export.py)."""
