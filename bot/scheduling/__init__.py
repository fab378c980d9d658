"""Time-driven work that must happen exactly once: claimed runs, an outbox, rate-limited delivery.

APScheduler only says "look now"; the database decides what is due and who
does it. See :mod:`bot.scheduling.jobs` for registering a periodic job and
:mod:`bot.scheduling.runtime` for starting the machinery in a platform process.
"""
