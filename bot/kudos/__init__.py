"""Peer kudos: reactions and ``/kudos``, caps, leaderboards, and cheers that reach the person."""
