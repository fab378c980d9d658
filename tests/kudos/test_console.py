"""Kudos in the console: the shared scenario, and what each member sees along the way."""

from __future__ import annotations

from adapters.console.gateway import ConsoleGateway
from adapters.console.outside import attach_scheduling
from tests.core.helpers import text_of
from tests.kudos.scenario import EXPECTED, final_counts


async def test_the_kudos_scenario_in_the_console(console: ConsoleGateway, db) -> None:
    await console.send("/rejected Acme | Analyst | final round")
    await console.send("/click m1 share")
    await console.send("")  # keep the suggested fields
    shared = text_of(await console.send("Onwards"))
    assert "[m3] (#group)" in shared
    await console.send("/as Ben")
    for _ in range(3):  # the same reaction, three times
        assert await console.send("/react clap m3") == []
    await console.send("/as Cara")
    await console.send("/react clap::skin-tone-2 m3")
    await console.send("/as Ana")
    await console.send("/react clap m3")  # her own card
    await console.send("/as Ben")
    shout = text_of(await console.send("/kudos @ana for sharing this, it helps all of us"))
    assert "Ben is cheering on @Ana" in shout or "from Ben to @Ana" in shout
    await console.send("/as Cara")
    await console.send("/unreact clap::skin-tone-2 m3")
    ids = {"ana": "ana", "ben": "ben", "cara": "cara"}
    assert await final_counts(db, "console", "local", ids) == EXPECTED
    await console.send("/as Ana")
    mine = text_of(await console.send("/kudos me"))
    assert "0 given and 2 received" in mine and "from Ben" in mine and "Cara" not in mine
    journey = text_of(await console.send("/journey"))
    assert "you've given 0 and received 2" in journey


async def test_cheers_reach_the_sharer_in_one_message_after_a_wait(console: ConsoleGateway) -> None:
    attach_scheduling(console)
    await console.send("/rejected Acme")
    await console.send("/click m1 share")
    await console.send("")
    await console.send("")
    for name in ("Ben", "Cara", "Dee"):
        await console.send(f"/as {name}")
        await console.send("/react tada m3")
    waited = text_of(await console.send("/wait 1h"))
    told = [line for line in waited.split("\n") if "cheer" in line.lower() and "Ben, Cara and Dee" in line]
    assert len(told) == 1, waited
    assert "DM to Ana" in waited
    assert "Ben, Cara and Dee" not in text_of(await console.send("/wait 2h"))
