"""Shared pytest fixtures live in tests/fixtures.py (users per role, wards, clients)."""

pytest_plugins = ["tests.fixtures"]
