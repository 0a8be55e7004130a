"""Who may do what: roles held in org units, and the one policy object views ask."""
