"""kg: turn readouts and wire stories of leaders' engagements into an RDF knowledge graph."""

__version__ = "0.1.0"
