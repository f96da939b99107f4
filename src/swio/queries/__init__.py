"""The canned competency questions, running SPARQL on the embedded store, and answer tables."""
