"""The data model and how to reach it."""
