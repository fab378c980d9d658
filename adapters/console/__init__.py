"""The console: a local terminal chat on the embedded default, and the core's in-process test gateway."""
