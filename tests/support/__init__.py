"""Test machinery: servers, proxies, fixtures builders and expected answers (not tests themselves)."""
