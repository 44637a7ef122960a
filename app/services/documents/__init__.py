"""Every printable document in one registry (kind → formats → builder) and the optional PDF copy."""
