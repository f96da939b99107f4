"""Publishing the graph: the release folder (and its JSON-LD writer)."""
