"""Working through the inbox: claim rows, have the core handle them, have the platform answer.

Claiming is the outbox's pattern (:mod:`bot.db.lease`): rows are marked ``working`` with a
lease, so several replicas share the rows. A live worker keeps renewing the leases of its rows
(:meth:`InboxWorker.renew_leases`), so a row is taken again only when its worker died. At most
``slots`` rows are worked on at once: that bounds the work in flight, and what doesn't fit waits
in the database, not in memory.

While the worker runs (:func:`bot.inbox.runtime.running`, which renews its leases), a row saved
by this process while a slot is free is saved already claimed (``working``, leased to this worker)
and handed to the worker as it is saved: no claim transaction, no kick. A repeat is never handed
over; a row saved while every slot is busy stays ``pending`` for the claim path.

A row is handled and answered in three steps:

1. the platform's :class:`InboxProcessor` turns the payload into core events;
2. the core handles each event and stores its replies on the row in the same transaction
   (:meth:`bot.app.Bounceback.handle` with ``keep``), so an event is never handled twice;
3. the processor delivers the stored answer, then the row is marked ``done`` (with the other
   rows delivered at the same moment: :mod:`bot.inbox.closing`).

A crash between 2 and 3 leaves the answer stored: the next worker delivers it without
handling again. The one duplicate left possible is a send the platform accepted in the
instant before the row was marked ``done`` (the process died between the two); that window
is one database round trip wide, and such a row is recognisable afterwards (``working``,
its answer stored, its lease run out).

When the core fails (the database is down or too slow), the member hears an apology once,
the row goes back to ``pending`` with a back-off, and the real answer follows when it
succeeds; after ``max_attempts`` the row is ``failed`` and the member is told to try again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Bounceback, Keep
from bot.copy import Voice
from bot.db.changed import rows_changed
from bot.db.lease import claim
from bot.events import Event
from bot.inbox.closing import DoneMarker
from bot.inbox.gate import WriteGate
from bot.inbox.models import InboxItem
from bot.inbox.store import KEY_LENGTH, Arrival, Holder
from bot.ops import metrics
from bot.replies import Reply, private
from bot.scheduling.serialize import reply_from_json, reply_to_json

log = logging.getLogger(__name__)

Answers = list[list[Reply]]
SLOW_GRACE = 0.5  # seconds past the core's timeout before the member hears the answer is delayed


@dataclass(frozen=True)
class Claimed:
    """An inbox row this worker holds."""

    id: int
    platform: str
    workspace_id: str
    user_id: str
    kind: str
    key: str
    payload: dict[str, Any]
    reply_to: dict[str, Any]
    reply_expires_at: datetime | None
    answer: list[list[dict[str, Any]]] | None
    apologised: bool
    attempts: int

    @classmethod
    def saved(cls, id: int, arrival: Arrival) -> Claimed:
        """A row as its worker saved it, claimed (:meth:`InboxWorker.reserve`): as a claim would read it."""
        return cls(
            id,
            arrival.platform,
            arrival.workspace_id,
            arrival.user_id,
            arrival.kind,
            arrival.key[:KEY_LENGTH],
            arrival.payload,
            arrival.reply_to,
            arrival.reply_expires_at,
            answer=None,
            apologised=False,
            attempts=1,
        )

    def expired(self, now: datetime) -> bool:
        """Whether the platform's way of answering in place (Slack's response_url) has run out."""
        return self.reply_expires_at is not None and now >= self.reply_expires_at


class InboxProcessor(Protocol):
    """A platform's side of the inbox."""

    async def events(self, item: Claimed) -> Sequence[Event]:
        """The core events in a row's payload, in order (none for a payload the core ignores)."""
        ...

    async def deliver(self, item: Claimed, answers: Answers, *, late: Reply | None, shown: bool) -> None:
        """Send the core's replies (one list per event). ``late``: the way back in place has expired,
        say this first; ``shown``: the acknowledgement itself already showed what it could (a form's
        field errors or next page)."""
        ...

    async def apologise(self, item: Claimed, apology: Reply) -> None:
        """Tell the member something went wrong (in place while that still works, else privately)."""
        ...


class InboxWorker:
    def __init__(
        self,
        core: Bounceback,
        *,
        name: str,
        slots: int = 16,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 6,
        gate: WriteGate | None = None,
    ) -> None:
        self.core = core
        self.gate = gate or WriteGate(enabled=False)
        self.name = name
        self.slots = slots
        self.lease = lease
        self.max_attempts = max_attempts
        self.processors: dict[str, InboxProcessor] = {}
        self._running: dict[asyncio.Task[None], int] = {}  # each row under way, by its task
        # Slots promised to rows being saved claimed by this worker (:meth:`reserve`).
        self._reserved = 0
        self._unreserved = asyncio.Event()
        self._unreserved.set()
        self.adopting = False  # claim rows as they are saved; only while leases are renewed (running())
        self._drain: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._waiters: dict[tuple[str, str], asyncio.Future[Answers]] = {}
        # Rows apologised for while the database could not record it, so the member hears it once.
        self._apologised: set[int] = set()
        self._done = DoneMarker(core.sessions, core.clock, self.gate, name)

    def serve(self, platform: str, processor: InboxProcessor) -> None:
        self.processors[platform] = processor

    def kick(self) -> None:
        """Claim what is ready now (after an acknowledgement, and on each poll)."""
        if self._stopping:
            return
        self._wake.set()
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._claiming())

    def reserve(self) -> Holder | None:
        """A slot for a row about to be saved, if one is free: the row is saved already claimed, then
        handed over with :meth:`adopt`, with no claim transaction and no kick.

        Every reservation must end in :meth:`adopt` (with the row, or None if it wasn't saved new).
        """
        if not self.adopting or self._stopping or len(self._running) + self._reserved >= self.slots:
            return None
        self._reserved += 1
        self._unreserved.clear()
        return Holder(self.name, self.lease)

    def adopt(self, row: Claimed | None) -> None:
        """Work on a row saved claimed by this worker (None: the slot reserved for it is free again)."""
        self._reserved -= 1
        if row is not None:
            self._start(row)
        else:
            self._wake.set()
        if not self._reserved:
            self._unreserved.set()

    async def answered(self, platform: str, key: str, within: float) -> Answers | None:
        """The answer to a row this process just saved, if it is handled within ``within`` seconds.

        For a form: the platform shows field errors or the next page only in its acknowledgement.
        None when the time ran out (the row is answered later, by whichever worker takes it).
        """
        waiter: asyncio.Future[Answers] = asyncio.get_running_loop().create_future()
        self._waiters[(platform, key)] = waiter
        self.kick()
        try:
            async with asyncio.timeout(within):
                return await waiter
        except TimeoutError:
            return None
        finally:
            self._waiters.pop((platform, key), None)

    async def drain(self) -> None:
        """Work through every row ready now, and wait until done (tests, and the console)."""
        self.kick()
        while (self._drain is not None and not self._drain.done()) or self._running:
            await asyncio.gather(*[t for t in (self._drain, *list(self._running)) if t is not None])

    async def stop(self, within: float) -> None:
        """Stop claiming; let rows under way finish for ``within`` seconds, then hand the rest back."""
        self._stopping = True
        self._wake.set()
        if self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)
        with contextlib.suppress(TimeoutError):  # rows being saved claimed by us join those under way
            async with asyncio.timeout(within):
                await self._unreserved.wait()
        if self._running:
            _, unfinished = await asyncio.wait(list(self._running), timeout=within)
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
        await self._done.settle()
        await self._hand_back()

    async def renew_leases(self) -> None:
        """Extend the lease of the rows under way, so a slow one isn't taken over while it is still worked on.

        Called every third of a lease (:func:`bot.inbox.runtime.running`): a row is taken over only
        when its worker has stopped renewing, that is, has died.
        """
        ids = list(self._running.values())
        if not ids:
            return
        i = InboxItem
        async with self.gate.open(), self.core.sessions() as session, session.begin():
            await session.execute(
                update(i)
                .where(i.id.in_(ids), i.status == "working", i.claimed_by == self.name)
                .values(lease_until=self.core.clock.now() + self.lease)
                .execution_options(synchronize_session=False)
            )

    # -- claiming ----------------------------------------------------------------

    async def _claiming(self) -> None:
        """Fill the free slots while rows are ready; end when everything ready is under way."""
        while not self._stopping:
            self._wake.clear()
            free = self.slots - len(self._running) - self._reserved
            # Claim in batches (half the slots at a time) rather than a transaction per freed slot:
            # under a burst, fewer claims leave the database's write lock to the acknowledgements.
            if free >= max(1, self.slots // 2):
                try:
                    rows = await self._claim(free)
                except Exception as err:  # the database is down: the next kick or poll tries again
                    log.warning("claiming inbox rows failed: %s", type(err).__name__)
                    return
                for row in rows:
                    self._start(row)
                if len(rows) < free and not self._wake.is_set():
                    return
            await self._wake.wait()  # a slot frees, or a kick

    async def _claim(self, limit: int) -> list[Claimed]:
        if not self.processors:
            return []
        now = self.core.clock.now()
        i = InboxItem
        ready = or_(
            and_(i.status == "pending", i.not_before <= now),
            and_(i.status == "working", i.lease_until < now),
        )
        async with self.gate.open(), self.core.sessions() as session, session.begin():
            rows = await claim(
                session,
                i,
                and_(i.platform.in_(list(self.processors)), ready),
                order_by=(i.not_before, i.id),
                limit=limit,
                values={
                    "status": "working",
                    "lease_until": now + self.lease,
                    "claimed_by": self.name,
                    "attempts": i.attempts + 1,
                },
                returning=(
                    i.id,
                    i.platform,
                    i.workspace_id,
                    i.user_id,
                    i.kind,
                    i.dedupe_key,
                    i.payload,
                    i.reply_to,
                    i.reply_expires_at,
                    i.answer,
                    i.apologised,
                    i.attempts,
                ),
            )
            return [Claimed(*row) for row in rows]

    def _start(self, row: Claimed) -> None:
        task = asyncio.create_task(self._process(row))
        self._running[task] = row.id
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.pop(task, None)
        self._wake.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("working on an inbox row failed", exc_info=task.exception())

    # -- one row -------------------------------------------------------------------

    async def _process(self, row: Claimed) -> None:
        processor = self.processors[row.platform]
        answers: Answers = [[reply_from_json(r) for r in step] for step in row.answer or []]
        try:
            events = await processor.events(row)
            for index, event in enumerate(events):
                if index < len(answers):
                    continue  # handled before a crash; its answer is stored
                answers.append(await self._handled(row, event, answers))
        except Exception as err:  # the core failed or timed out (it logged why), or the platform's API
            await self._failed(row, err)
            return
        shown = self._show(row, answers)
        if shown and any(r.form_errors for step in answers for r in step):
            # Nothing was saved and the member is still in the form: the same submission, corrected,
            # must be accepted again, so the row (and its key) goes.
            await self._change(row, delete(InboxItem))
            metrics.inbox_item(row.platform, "done")
            return
        now = self.core.clock.now()
        late = private(self._voice(row).say("inbox.late")) if row.expired(now) else None
        try:
            await processor.deliver(row, answers, late=late, shown=shown)
        except Exception:
            # A bug, not the platform refusing (the processor keeps those for a retry). Not retried:
            # part of the answer may have gone out already.
            log.exception("delivering inbox row %s failed", row.id)
            await self._close(row, "failed")
            return
        await self._close(row, "done")

    async def _handled(self, row: Claimed, event: Event, answers: Answers) -> list[Reply]:
        """The core's replies to one event; if it is slow, the member hears why while it finishes.

        The core gives up after its timeout, but a cancelled statement can take a while longer to
        let go (SQLite waits out its busy timeout): the apology doesn't wait for that.
        """
        handling = asyncio.ensure_future(self._handle(event, self._keep(row, answers)))
        try:
            done, _ = await asyncio.wait({handling}, timeout=self.core.timeout + SLOW_GRACE)
            if not done:
                await self._apologise_once(row)
            return await handling
        except asyncio.CancelledError:
            handling.cancel()
            raise

    async def _handle(self, event: Event, keep: Keep) -> list[Reply]:
        async with self.gate.open():
            return await self.core.handle(event, keep=keep)

    def _keep(self, row: Claimed, answers: Answers) -> Keep:
        """Store the answers so far and this event's, in the core's transaction, while we hold the row."""

        async def keep(session: AsyncSession, replies: list[Reply]) -> None:
            stored = [[reply_to_json(r) for r in step] for step in [*answers, replies]]
            result = await session.execute(self._held(update(InboxItem), row).values(answer=stored))
            if not rows_changed(result):
                raise LookupError(f"inbox row {row.id} was taken over by another worker")

        return keep

    def _show(self, row: Claimed, answers: Answers) -> bool:
        waiter = self._waiters.pop((row.platform, row.key), None)
        if waiter is None or waiter.done():
            return False
        waiter.set_result(answers)
        return True

    async def _failed(self, row: Claimed, err: Exception) -> None:
        now = self.core.clock.now()
        reason = type(err).__name__  # never the message: it may quote the member's words
        if row.attempts >= self.max_attempts:
            log.warning("inbox row %s given up after %d attempts (%s)", row.id, row.attempts, reason)
            metrics.inbox_item(row.platform, "failed")
            await self._apologise(row, "errors.internal")
            await self._close(row, "failed", last_error=reason)
            return
        log.warning("inbox row %s: attempt %d failed (%s); trying again", row.id, row.attempts, reason)
        metrics.inbox_item(row.platform, "retried")
        await self._apologise_once(row)
        await self._change(
            row,
            update(InboxItem).values(
                status="pending",
                not_before=now + timedelta(seconds=min(2**row.attempts, 60)),
                lease_until=None,
                claimed_by=None,
                apologised=True,
                last_error=reason,
            ),
        )

    async def _apologise_once(self, row: Claimed) -> None:
        """Say the answer is delayed, once per row; without the database, which may be what is down."""
        if not row.apologised and row.id not in self._apologised:
            self._apologised.add(row.id)
            await self._apologise(row, "inbox.delayed")

    async def _apologise(self, row: Claimed, key: str) -> None:
        try:
            await self.processors[row.platform].apologise(row, private(self._voice(row).say(key)))
        except Exception:
            log.exception("apologising for inbox row %s failed", row.id)

    async def _close(self, row: Claimed, status: str, **values: object) -> None:
        """Finished: the member's words and the answer go; the row stays a while to recognise repeats."""
        self._apologised.discard(row.id)
        if status == "done":  # rows delivered close together share one UPDATE (bot/inbox/closing.py)
            if await self._done.mark(row.id):
                metrics.inbox_item(row.platform, "done")
            return
        await self._change(
            row,
            update(InboxItem).values(
                status=status,
                done_at=self.core.clock.now(),
                payload={},
                answer=None,
                lease_until=None,
                **values,
            ),
        )

    async def _change(self, row: Claimed, statement: Any) -> bool:
        """Apply an UPDATE or DELETE to a row this worker still holds; False if it no longer does."""
        try:
            async with self.gate.open(), self.core.sessions() as session, session.begin():
                result = await session.execute(self._held(statement, row))
                return bool(rows_changed(result))
        except Exception as err:  # the row stays ``working``; it is taken again when its lease ends
            log.warning("updating inbox row %s failed: %s", row.id, type(err).__name__)
            return False

    def _held(self, statement: Any, row: Claimed) -> Any:
        return statement.where(
            InboxItem.id == row.id, InboxItem.status == "working", InboxItem.claimed_by == self.name
        ).execution_options(synchronize_session=False)

    async def _hand_back(self) -> None:
        """Rows this worker still holds go back to ``pending``, for another worker (or the next start)."""
        try:
            async with self.gate.open(), self.core.sessions() as session, session.begin():
                result = await session.execute(
                    update(InboxItem)
                    .where(InboxItem.status == "working", InboxItem.claimed_by == self.name)
                    .values(
                        status="pending", lease_until=None, claimed_by=None, attempts=InboxItem.attempts - 1
                    )
                    .returning(InboxItem.platform)
                    .execution_options(synchronize_session=False)
                )
                platforms = list(result.scalars())
        except Exception as err:
            log.warning("handing back inbox rows failed (%s); their lease frees them", type(err).__name__)
            return
        for platform in platforms:
            metrics.inbox_item(platform, "released")

    def _voice(self, row: Claimed) -> Voice:
        return self.core.voice_for(f"inbox:{row.platform}:{row.key}")
