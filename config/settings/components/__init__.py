"""The shared settings, one module per concern, composed by config/settings/base.py.

A setting is assigned in exactly one module here (tests/test_settings_layout.py checks it); a
module that needs another's value imports it from that module.
"""
