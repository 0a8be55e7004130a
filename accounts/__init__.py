"""Applicant accounts: sign-up by mobile number with a one-time code sent
through a pluggable SMS backend, forgot-password by code, the profile page
(name, ID number, union, language) and the throttles on code requests."""
