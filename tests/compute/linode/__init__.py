"""Linode compute against scripted loopback servers."""
