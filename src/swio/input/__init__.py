"""Reading the input: Turtle files, their terms as written, and the embedded store that holds them."""
