"""The Discord adapter: discord.py 2.x interactions and gateway events in, Discord messages out."""
