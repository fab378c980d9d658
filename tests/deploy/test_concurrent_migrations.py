"""Replicas, init containers and the migration Job may all run `db upgrade` at once on one PostgreSQL."""

from __future__ import annotations

import asyncio

import asyncpg

from tests.databases import fresh_postgres_database, require_postgres
from tests.ops.processes import bounceback_command, clean_environment

PROCESSES = 4


async def test_simultaneous_upgrades_all_succeed_one_after_another(postgres_problem: str | None) -> None:
    require_postgres(postgres_problem)
    async with fresh_postgres_database() as url:
        upgrades = [
            await asyncio.create_subprocess_exec(
                *bounceback_command("db", "upgrade"),
                env=clean_environment(BOUNCEBACK_DATABASE_URL=url),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(PROCESSES)
        ]
        outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in upgrades)), 240)
        for process, (out, err) in zip(upgrades, outputs, strict=True):
            assert process.returncode == 0, err.decode()
            assert out.decode().startswith("Database is at revision")
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            versions = await connection.fetch("SELECT version_num FROM alembic_version")
        finally:
            await connection.close()
        assert versions  # one row per head, written once
        assert len({v["version_num"] for v in versions}) == len(versions)
