"""Site-wide protections that belong to no one page: refusing request data
no field can hold, and the deploy checks of the security settings."""
