"""Running Bounceback in production: metrics, structured logs, health and readiness, graceful shutdown.

- :mod:`bot.ops.metrics`: every Prometheus metric, each incremented by one call from where it happens.
- :mod:`bot.ops.observe`: one log line and two metric updates per handled event.
- :mod:`bot.ops.logs`: logging set-up (JSON when stderr is not a terminal) with secrets redacted.
- :mod:`bot.ops.server`: ``/healthz``, ``/readyz`` and ``/metrics`` on their own port.
- :mod:`bot.ops.lifecycle`: signals, the stopping flag and a bounded shutdown.
- :mod:`bot.ops.runtime`: :func:`operations`, the one entry point a platform's run function wraps itself in.
"""
