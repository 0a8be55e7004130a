"""Staff work inbox: tabs, filters, claims, delegation (no models of its own:
it reads engine.models.WorkItem and writes through engine.runtime.services)."""
