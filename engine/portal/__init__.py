"""The applicant's portal: sign-up with a mobile number, my applications with
a plain-language timeline, what is needed from me, my documents, and the
notifications list (for staff too)."""
