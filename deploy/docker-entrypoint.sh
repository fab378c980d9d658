#!/bin/sh
# The image's entrypoint: runs a `bounceback` subcommand (or any other command) as PID 1's only child.
#
#   docker run IMAGE slack            -> bounceback slack
#   docker run IMAGE db upgrade       -> bounceback db upgrade
#   docker run IMAGE --help           -> bounceback --help
#   docker run IMAGE sh               -> sh (anything that is a command on PATH runs as it is)
#
# Discord shard groups: with SHARD_GROUPS=N (and DISCORD_SHARD_COUNT=S), the process runs every shard s
# with s % N == its group index, exported as DISCORD_SHARD_IDS. The index is SHARD_GROUP_INDEX, else the
# number ending the host name (a StatefulSet's pod bounceback-discord-2 is group 2).
set -eu

fail() {
    echo "docker-entrypoint: $*" >&2
    exit 64
}

is_number() {
    case "$1" in
        '' | *[!0-9]*) return 1 ;;
        *) return 0 ;;
    esac
}

if [ -n "${SHARD_GROUPS:-}" ] && [ -z "${DISCORD_SHARD_IDS:-}" ]; then
    groups="$SHARD_GROUPS"
    index="${SHARD_GROUP_INDEX:-${HOSTNAME##*-}}"
    count="${DISCORD_SHARD_COUNT:-}"
    is_number "$groups" && [ "$groups" -ge 1 ] || fail "SHARD_GROUPS must be a whole number of at least 1, not '$groups'."
    is_number "$count" || fail "SHARD_GROUPS needs DISCORD_SHARD_COUNT (the total number of shards), not '$count'."
    is_number "$index" || fail "no shard group index: set SHARD_GROUP_INDEX, or run with a host name ending in -N."
    [ "$index" -lt "$groups" ] || fail "shard group $index does not exist: SHARD_GROUPS is $groups (groups 0 to $((groups - 1)))."
    [ "$groups" -le "$count" ] || fail "SHARD_GROUPS ($groups) is more than DISCORD_SHARD_COUNT ($count): some groups would run nothing."
    ids=""
    shard="$index"
    while [ "$shard" -lt "$count" ]; do
        ids="${ids:+$ids,}$shard"
        shard=$((shard + groups))
    done
    export DISCORD_SHARD_IDS="$ids"
    echo "docker-entrypoint: shard group $index of $groups runs shards $ids of $count" >&2
fi

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1; then
    set -- bounceback "$@"
fi
exec "$@"
