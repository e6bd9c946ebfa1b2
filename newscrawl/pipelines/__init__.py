"""Item pipelines of newscrawl, one component per module."""
