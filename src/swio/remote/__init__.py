"""Remote SPARQL stores: every HTTP request swio makes (query, load, in-store validation) goes through here."""
