"""How Bounceback reaches people: one sub-package per platform, each a thin translator."""
