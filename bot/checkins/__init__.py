"""Weekly accountability check-ins: the ping, the answer, the reminder, the summary, streaks, buddies."""
