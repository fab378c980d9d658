"""The Discord adapter: discord.py 2.x interactions and gateway events in, Discord messages out.

- ``client``: the client, built configured but not connected (``build_client``), and its intents
- ``run``: start-up (``run_discord``) and command registration (``sync_commands``); ``cli``, ``invite``
- ``commands``: every application command, declared in one place; ``form_options``: a core form's
  fields as a command's typed options; ``groups``: ``/kudos`` and ``/checkin`` subcommands, whose typed
  options ``command_text`` writes back as the core's command text
- ``api_base``: where discord.py's HTTP requests go (``DISCORD_API_URL``), set once per process
- ``bridge``: one interaction or raw reaction → one core event → replies delivered
- ``inbox`` and ``stored``: each interaction saved (its core event as JSON) before the first response,
  and answered by the inbox worker: in place, by follow-up webhook, or by DM (``reach``, ``answer``)
- ``translate``: actors, conversations and reaction events in the core's terms
- ``render`` and ``markdown``: replies as embeds, content and buttons; user text escaped
- ``components``: persistent buttons (custom ids matched by template after any restart)
- ``forms``: core forms as modals (pages of five), submissions read back
- ``dedupe``: keys that make a replayed dispatch a no-op
- ``sender``, ``roles``, ``channels``: the core's ports (ReplySender, RoleDirectory, ChannelDirectory)
- ``settings``: the ``DISCORD_*`` variables
"""
