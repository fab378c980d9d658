"""The durable inbox: an event a platform acknowledged is a row in the database until it is answered.

The platform adapter writes the row (:func:`bot.inbox.store.accept`) before it acknowledges,
then kicks the :class:`bot.inbox.worker.InboxWorker`, which claims rows like the outbox does,
has the core handle them, and has the platform's :class:`bot.inbox.worker.InboxProcessor`
deliver the answer. Nothing here knows a platform's SDK.
"""
