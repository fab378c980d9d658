"""Installing in any workspace: bolt's OAuth flow, installs kept in our database, uninstall forgets them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.install_store import STATES_UNDER_WAY, InstallationStore, OAuthStateStore
from adapters.slack.settings import SlackSettings
from adapters.slack.tables import slack_bots, slack_installations, slack_oauth_states, slack_org_workspaces
from adapters.slack.throttle import BURST
from bot.db.base import metadata
from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Audience, Reply
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import FakeSlack

INSTALLED_TEAM = "T0INSTALL"
# slack_sdk sends the client credentials with aiohttp's BasicAuth, which aiohttp now calls deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


async def test_the_stores_keep_slack_sdks_tables_on_our_metadata(engine: AsyncEngine) -> None:
    """The stores read and write the tables our migrations create (compared in tests/test_migrations.py)."""
    store, states = InstallationStore("1111.2222", engine), OAuthStateStore(engine)
    assert (store.installations, store.bots, states.oauth_states) == (
        slack_installations,
        slack_bots,
        slack_oauth_states,
    )
    assert store.metadata is states.metadata is metadata
    assert {slack_installations.name, slack_bots.name, slack_oauth_states.name} <= set(metadata.tables)


@pytest.fixture
async def installable(make_slack: Callable[..., Any], fake_slack: FakeSlack) -> SlackHarness:
    settings = SlackSettings(
        signing_secret=p.SIGNING_SECRET,
        client_id="1111.2222",
        client_secret="client-secret",
        api_url=fake_slack.api_url,
    )
    return await make_slack(settings)


async def install(slack: SlackHarness) -> None:
    async with slack.session.get(slack.server.make_url("/slack/install")) as page:
        assert page.status == 200
        html = await page.text()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', html)
    assert link, html
    assert "client_id=1111.2222" in link.group(1) and "chat%3Awrite" in link.group(1).replace(":", "%3A")
    state = re.search(r"state=([\w-]+)", link.group(1)).group(1)  # type: ignore[union-attr]
    redirect = slack.server.make_url("/slack/oauth_redirect").with_query(code="temporary-code", state=state)
    async with slack.session.get(redirect, headers={"Cookie": cookie}) as done:
        assert done.status == 200, await done.text()


async def test_the_install_page_and_redirect_keep_the_install(
    installable: SlackHarness, db: AsyncEngine
) -> None:
    await install(installable)
    [exchange] = installable.api.to("oauth.v2.access")
    assert exchange.args["code"] == "temporary-code"
    async with db.connect() as connection:
        bot = (await connection.execute(select(slack_bots))).one()
        assert await connection.scalar(select(func.count()).select_from(slack_installations)) == 1
        assert await connection.scalar(select(func.count()).select_from(slack_oauth_states)) == 0  # used once
    assert (bot.team_id, bot.bot_token, bot.client_id) == (
        INSTALLED_TEAM,
        "xoxb-installed-token",
        "1111.2222",
    )


async def states(db: AsyncEngine) -> int:
    async with db.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(slack_oauth_states)) or 0)


async def test_one_address_cannot_fill_the_state_table(installable: SlackHarness, db: AsyncEngine) -> None:
    page = installable.server.make_url("/slack/install")
    answers = []
    for _ in range(BURST + 5):
        async with installable.session.get(page) as response:
            answers.append((response.status, response.headers.get("Retry-After")))
    assert answers[:BURST] == [(200, None)] * BURST
    assert all(status == 429 and int(wait or 0) >= 1 for status, wait in answers[BURST:])
    assert await states(db) == BURST


async def test_expired_states_are_purged_and_outstanding_ones_capped(
    installable: SlackHarness, db: AsyncEngine
) -> None:
    soon = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=5)  # naive UTC, as slack_sdk writes
    async with db.begin() as connection:
        await connection.execute(
            insert(slack_oauth_states),
            [{"state": f"s{i}", "expire_at": soon} for i in range(STATES_UNDER_WAY)],
        )
    async with installable.session.get(installable.server.make_url("/slack/install")) as full:
        assert full.status == 429  # every visitor gets this until installs finish or expire
    assert await states(db) == STATES_UNDER_WAY

    async with db.begin() as connection:  # ten minutes on, none of those visitors came back
        await connection.execute(update(slack_oauth_states).values(expire_at=soon - timedelta(hours=1)))
    await install(installable)  # the next install purges them, and uses its own state
    assert await states(db) == 0


async def test_a_stale_or_forged_state_installs_nothing(installable: SlackHarness, db: AsyncEngine) -> None:
    redirect = installable.server.make_url("/slack/oauth_redirect").with_query(code="x", state="forged")
    async with installable.session.get(redirect) as response:
        assert response.status >= 400
    assert installable.api.to("oauth.v2.access") == []
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(slack_bots)) == 0


async def test_an_installed_workspace_is_served_with_its_own_token(installable: SlackHarness) -> None:
    await install(installable)
    status, _ = await installable.command("/journey", team=INSTALLED_TEAM)
    assert status == 200
    await installable.settle()
    [lookup] = installable.api.to("users.info")
    assert lookup.token == "xoxb-installed-token"
    assert installable.api.responses
    dm = Reply(audience=Audience.DIRECT, recipient_user_id="U0ANA", body=Markup("Hi"))
    await installable.runtime.sender.send(INSTALLED_TEAM, dm)
    assert installable.api.to("chat.postMessage")[0].token == "xoxb-installed-token"


async def test_a_workspace_that_never_installed_is_refused(
    installable: SlackHarness, db: AsyncEngine
) -> None:
    status, _ = await installable.command("/journey", team="T0STRANGER")
    assert status == 200  # bolt answers the member with its own "not installed" note
    await installable.settle()
    assert installable.api.to("users.info") == []
    dm = Reply(audience=Audience.DIRECT, recipient_user_id="U0ANA", body=Markup("Hi"))
    with pytest.raises(DeliveryFailed) as failed:
        await installable.runtime.sender.send("T0STRANGER", dm)
    assert failed.value.permanent


async def test_uninstalling_forgets_the_tokens(installable: SlackHarness, db: AsyncEngine) -> None:
    await install(installable)
    event = {"type": "app_uninstalled", "event_ts": "1700000000.000200"}
    status, _ = await installable.event(p.event_envelope(event, event_id="Ev0GONE", team=INSTALLED_TEAM))
    assert status == 200
    await installable.settle()
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(slack_bots)) == 0
        assert await connection.scalar(select(func.count()).select_from(slack_installations)) == 0
    dm = Reply(audience=Audience.DIRECT, recipient_user_id="U0ANA", body=Markup("Hi"))
    with pytest.raises(DeliveryFailed) as failed:
        await installable.runtime.sender.send(INSTALLED_TEAM, dm)
    assert failed.value.permanent


async def test_revoked_bot_tokens_are_forgotten(installable: SlackHarness, db: AsyncEngine) -> None:
    await install(installable)
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}, "event_ts": "1.2"}
    await installable.event(p.event_envelope(event, event_id="Ev0REVOKED", team=INSTALLED_TEAM))
    await installable.settle()
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(slack_bots)) == 0


ORG = "E0ORG"
ORG_WORKSPACE = "T0ORGWS"


async def org_count(db: AsyncEngine, table: Table) -> int:
    async with db.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def test_an_org_wide_install_serves_every_workspace_of_the_org(
    installable: SlackHarness, db: AsyncEngine
) -> None:
    installable.api.org_install = ORG
    await install(installable)
    async with db.connect() as connection:
        bot = (await connection.execute(select(slack_bots))).one()
    assert (bot.enterprise_id, bot.team_id, bot.is_enterprise_install) == (ORG, None, True)

    # A command from one of the org's workspaces: bolt finds the org's install; we note the workspace.
    status, _ = await installable.command("/journey", team=ORG_WORKSPACE, org=ORG)
    assert status == 200
    await installable.settle()
    assert [call.token for call in installable.api.to("users.info")] == ["xoxb-org-token"]
    assert await org_count(db, slack_org_workspaces) == 1

    # Work that starts without a request (a check-in's DM) finds the org's token for that workspace.
    dm = Reply(audience=Audience.DIRECT, recipient_user_id="U0ANA", body=Markup("Hi"))
    await installable.runtime.sender.send(ORG_WORKSPACE, dm)
    assert installable.api.to("chat.postMessage")[0].token == "xoxb-org-token"
    # A workspace no request has come from is still unknown.
    with pytest.raises(DeliveryFailed) as failed:
        await installable.runtime.sender.send("T0ELSEWHERE", dm)
    assert failed.value.permanent

    # Uninstalled from the org: its tokens and its workspaces are forgotten.
    gone = {"type": "app_uninstalled", "event_ts": "1700000000.000300"}
    status, _ = await installable.event(p.event_envelope(gone, event_id="Ev0ORGGONE", team=ORG, org=ORG))
    assert status == 200
    await installable.settle()
    assert await org_count(db, slack_bots) == 0
    assert await org_count(db, slack_org_workspaces) == 0
    with pytest.raises(DeliveryFailed) as failed:
        await installable.runtime.sender.send(ORG_WORKSPACE, dm)
    assert failed.value.permanent


async def test_a_failure_to_note_the_workspace_still_serves_the_request(
    installable: SlackHarness, db: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    installable.api.org_install = ORG
    await install(installable)

    async def broken(self: InstallationStore, enterprise_id: str, team_id: str) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(InstallationStore, "remember_org_workspace", broken)
    status, _ = await installable.command("/journey", team=ORG_WORKSPACE, org=ORG)
    assert status == 200
    await installable.settle()
    assert installable.api.responses  # answered all the same
    assert await org_count(db, slack_org_workspaces) == 0
