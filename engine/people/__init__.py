"""Administrators manage the union hierarchy, staff accounts and role grants
(studio pages under /studio/people/, bulk import and export, audit)."""
