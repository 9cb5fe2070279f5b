"""Ingest stage: files -> Document. Owned by the ingest work."""
