"""``bounceback healthcheck``: ask this machine's operations endpoint whether the bot is alive (or ready).

The container image's HEALTHCHECK and anything else without curl use it. Standard library only:
it runs every 30 seconds and should start fast.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request

TIMEOUT = 4.0


def probe_url(host: str, port: int, path: str) -> str:
    # An ops server listening on every address is reached on loopback from inside the container.
    target = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    if ":" in target:
        target = f"[{target}]"
    return f"http://{target}:{port}{path}"


def check(host: str, port: int, *, ready: bool = False) -> tuple[bool, str]:
    """``(healthy, what to print)``."""
    if not port:
        return False, "the operations endpoints are off (BOUNCEBACK_OPS_PORT=0)"
    url = probe_url(host, port, "/readyz" if ready else "/healthz")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            body = response.read().decode("utf-8", "replace")
            return True, body
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            body = json.dumps(json.loads(body).get("checks", body))
        return False, f"{url} answered {err.code}: {body}"
    except (urllib.error.URLError, OSError) as err:
        return False, f"{url} did not answer: {getattr(err, 'reason', err)}"
