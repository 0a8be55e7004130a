"""The REST API (/api/v1/): Django REST framework with drf-spectacular for the
OpenAPI schema. Views are thin: they call the same services, selectors and
policy as the HTML views."""
