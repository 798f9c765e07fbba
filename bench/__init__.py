"""`python -m bench`: synthetic wards at several scales and timed measurements against floors.

Layout, so further sections can be added without touching the rest:
- database.py: the dedicated benchmark database (never the user's data) and the child process;
- data.py: synthetic wards, users and monthly reports created with bulk_create;
- sections.py: one function per measured section, listed in SECTIONS (per scale) and
  FINAL_SECTIONS (once, at the largest scale); each returns rows of the result table.
"""
