"""The DNS API: zones and records across DNS providers."""
