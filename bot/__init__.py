"""Bounceback's platform-neutral core: what the product does, with no platform SDK in sight."""
