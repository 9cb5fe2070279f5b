"""Extraction stage: Document -> Extraction (engagements with evidence). Owned by the extraction work."""
