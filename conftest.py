"""Shared pytest plugins: fixtures (users per role, wards, clients) in tests/fixtures.py, the
`services` marker in tests/needs_services.py, and pytester for testing that marker."""

pytest_plugins = ["tests.fixtures", "tests.needs_services", "pytester"]
