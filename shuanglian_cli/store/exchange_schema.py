"""The SQL of the exchange steps (issue 13), frozen as literal text: a shipped step never changes.

- `exchange_identity`: the site (`_site`), its peers (`_peers`), a global id and origin for every
  record that travels (`_identity`, beside the tables so the audited columns stay as they are), the
  change table (`_changes`: the latest change of each travelling record, deletions as tombstones,
  in a sequence that never reuses a number), per-field clocks (`_field_clocks`), conflicts, and the
  triggers that feed them. Inserts have no trigger: a row without an identity is new, and a sweep
  (store/sites.py: sweep_identity) gives it one and a change before any bundle is made, so bulk
  imports, which drop insert triggers, are covered too.
- `deputies_unique_with_phone`: two deputies with the same name in one county can exist.
- `referral_desk_exchange`: the referral desk's co-handlers and returns travel too (global ids,
  their edits and deletions captured); a co-handler's opinion is clocked like a roster field.
"""

from __future__ import annotations

from shuanglian_cli.store.migrations_sql import (  # noqa: F401  (the frozen text lives with the other steps)
    CLOCKED,
    DEPUTIES_WITH_PHONE,
    DESK_CLOCKED,
    EXCHANGE_TABLES,
    LINKS,
    exchange_identity,
    trigger_sql,
)

# every table whose rows travel -> its clocked columns (the exchange step's and the desk's)
TRAVELLING: dict[str, tuple[str, ...]] = {**CLOCKED, **DESK_CLOCKED}
