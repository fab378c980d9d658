"""Everything the Slack adapter runs on, built in one place: the bolt app, the core, the sender.

:func:`build_slack_runtime` is the one start-up function: the CLI serves what
it returns over HTTP or Socket Mode, tests drive it through its real aiohttp
handler, and background work (scheduled check-ins) delivers through its
``sender``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.bolt_logs import withhold_request_bodies
from adapters.slack.clients import SingleWorkspaceToken, SlackClients, TokenSource, retry_handlers
from adapters.slack.directory import SlackDirectory
from adapters.slack.http_edge import BODY_TIMEOUT, slack_web_app
from adapters.slack.inbox import SlackInboxProcessor
from adapters.slack.install_store import InstallationStore, OAuthStateStore, remembering_org_workspaces
from adapters.slack.interactions import InteractionAnswers
from adapters.slack.listeners import SlackBridge, register_listeners
from adapters.slack.retry import KeepForRetry
from adapters.slack.revocation import listen_for_revocation
from adapters.slack.sender import SlackReplySender
from adapters.slack.settings import BOT_SCOPES, SlackSettings, secret
from adapters.slack.translate import PLATFORM
from bot.app import DEFAULT_TIMEOUT, Bounceback
from bot.clock import Clock
from bot.db.engine import create_engine, session_factory
from bot.inbox.runtime import ACCEPT_BUDGET, Inbox, InboxLimits
from bot.ops.server import alive
from bot.scheduling.runtime import process_name
from bot.wiring import build_app

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
HEALTH_PATH = "/healthz"


@dataclass
class SlackRuntime:
    bolt: AsyncApp
    core: Bounceback
    sender: SlackReplySender
    directory: SlackDirectory
    retries: KeepForRetry
    bridge: SlackBridge
    clients: SlackClients
    engine: AsyncEngine
    signing_secret: str
    inbox: Inbox
    ack_engine: AsyncEngine

    def web_app(self, *, body_timeout: float = BODY_TIMEOUT) -> web.Application:
        """Events, commands, interactivity and OAuth pages, through the edge's checks; and ``/healthz``."""
        application = slack_web_app(self.bolt, self.signing_secret, EVENTS_PATH, body_timeout=body_timeout)
        application.router.add_get(HEALTH_PATH, alive)
        return application

    def health_app(self) -> web.Application:
        """Only ``/healthz``: Socket Mode needs no endpoint, but a container still wants a probe."""
        application = web.Application()
        application.router.add_get(HEALTH_PATH, alive)
        return application

    def socket_mode(self, app_token: str) -> AsyncSocketModeHandler:
        """The bolt app over Socket Mode: Slack connects out to us, no public URL needed."""
        return AsyncSocketModeHandler(self.bolt, app_token)

    async def close(self) -> None:
        await self.clients.close()
        await self.ack_engine.dispose()


def build_slack_runtime(
    slack: SlackSettings,
    engine: AsyncEngine,
    clock: Clock,
    *,
    language: str = "en",
    timeout: float = DEFAULT_TIMEOUT,
    limits: InboxLimits | None = None,
    name: str | None = None,
) -> SlackRuntime:
    """``timeout``: how long the core may take over one event; ``limits``: the inbox's; ``name``:
    this process, as it claims inbox rows (host, pid and a random suffix by default)."""
    withhold_request_bodies()
    store = InstallationStore(slack.client_id, engine) if slack.client_id else None
    single = SingleWorkspaceToken(secret(slack.bot_token) or "")  # used only without OAuth
    tokens: TokenSource = store if store is not None else single
    clients = SlackClients(slack.api_url, tokens)
    directory = SlackDirectory(clients)
    core = build_app(session_factory(engine), clock, directory, language, timeout)
    sender = SlackReplySender(clients, core.record_post)
    retries = KeepForRetry(core.sessions, clock)
    oauth = None
    if store is not None:
        oauth = AsyncOAuthSettings(
            client_id=slack.client_id,
            client_secret=secret(slack.client_secret),
            scopes=list(BOT_SCOPES),
            installation_store=store,
            state_store=OAuthStateStore(engine),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
        )
    bolt = AsyncApp(
        name="bounceback",
        # Every listener saves the request to the inbox, acknowledges and leaves the work to the inbox
        # worker (listeners.py), so the response goes out as soon as the listener returns.
        process_before_response=True,
        signing_secret=secret(slack.signing_secret) or "",
        client=AsyncWebClient(
            token=secret(slack.bot_token), base_url=slack.api_url, retry_handlers=retry_handlers()
        ),
        installation_store=store,
        oauth_settings=oauth,
    )
    if store is not None:
        bolt.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked: forget the tokens
        bolt.middleware(remembering_org_workspaces(store))  # Enterprise Grid org-wide installs
    else:
        listen_for_revocation(bolt, single)  # the same events in bot-token mode: stop using the token
    answers = InteractionAnswers(clients, sender, retries, core.voice_for)
    # The acknowledgements' own two connections: saving a request never queues behind the work.
    # The database's own wait ends a little before a save's budget, so a save the database won't take
    # fails and rolls back by itself; cancelling it (at the budget) would not reach SQLite's wait, which
    # runs in aiosqlite's thread and could leave a half-done transaction holding the write lock.
    ack_engine = create_engine(
        engine.url.render_as_string(hide_password=False),
        timeout=min(timeout, ACCEPT_BUDGET * 0.75),
        pool_size=2,
        max_overflow=2,
    )
    inbox = Inbox(
        core,
        name=name or process_name(),
        limits=limits or InboxLimits(),
        ack_sessions=session_factory(ack_engine),
    )
    inbox.worker.serve(PLATFORM, SlackInboxProcessor(core, clients, directory, answers))
    bridge = SlackBridge(inbox)
    register_listeners(bolt, bridge)
    return SlackRuntime(
        bolt,
        core,
        sender,
        directory,
        retries,
        bridge,
        clients,
        engine,
        secret(slack.signing_secret) or "",
        inbox,
        ack_engine,
    )
