"""Builders of the generated site replicas (``python -m tests.sites.generate``)."""
