"""Broadsheet: a self-hostable multi-blog publishing platform."""
