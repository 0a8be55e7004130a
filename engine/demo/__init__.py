"""Demo data for `python manage.py demo`: the union hierarchy from the source
page, one login for every role of every published process, and sample cases.
Demo data is data, not engine code: which union hosts which process comes from
`workflows/<key>/demo.yaml` when a process ships one, else from `homes.yaml`."""

DEMO_PASSWORD = "demo12345"
