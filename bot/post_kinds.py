"""The kinds of bot post (``PostRecord.kind``) that one feature posts and another reacts to.

A shared, declared vocabulary, so a feature that responds to another's posts
(kudos cheering a rejection card's author, or everyone in a check-in summary)
names the kind without importing the feature that posts it.
"""

from __future__ import annotations

REJECTION_CARD = "rejection_card"  # /rejected's shared card (bot/rejected/card.py): about its author
CHECKIN_SUMMARY = "checkin_summary"  # the check-ins' weekly group summary: about everyone in it
