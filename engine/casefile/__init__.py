"""The case file (answers, attachments, documents, timeline) and the decision
panel where staff and applicants complete their task."""
