"""One module per ``swio`` command; each is a thin layer over the library."""
