"""Slack: slack-bolt's async app translating Slack payloads into core events and core replies into Block Kit.

``bounceback slack`` runs it (``adapters.slack.run``); ``adapters.slack.runtime``
builds everything it needs in one place.
"""
