"""The SQL of the step `search_index` (issue 17), frozen as literal text: a shipped step never changes.

The index's tables and the SQL-only triggers that mark changed documents in `_search_dirty`
(store/search_index.py says what each holds). A trigger fires only when a field the index reads
changes, so status steps that touch no text cost one WHEN test. The step marks every record: the
derived column of pairs is made by live code (store/search_index.flush), which store/db.open_db runs
right after migrating, so the step itself stays literal SQL.
"""

from __future__ import annotations

SEARCH_TABLES = (
    "CREATE TABLE _search_dirty (kind TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    "CREATE TABLE _search_suggestion_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE TABLE _search_activity_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE _search_suggestions USING fts5(tokens, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE _search_activities USING fts5(tokens, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
)

_EVENT_KINDS = "('reply', 'follow_up', 'feedback', 'extend', 'chase')"

SEARCH_TRIGGERS = (
    # suggestions
    """CREATE TRIGGER search_suggestions_insert AFTER INSERT ON suggestions BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.id);
END""",
    """CREATE TRIGGER search_suggestions_update AFTER UPDATE OF content, answer, reply, note ON suggestions
WHEN OLD.content IS NOT NEW.content OR OLD.answer IS NOT NEW.answer OR OLD.reply IS NOT NEW.reply
OR OLD.note IS NOT NEW.note BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.id);
END""",
    """CREATE TRIGGER search_suggestions_delete AFTER DELETE ON suggestions BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.id);
END""",
    # the events whose notes are indexed
    f"""CREATE TRIGGER search_suggestion_events_insert AFTER INSERT ON suggestion_events
WHEN NEW.note <> '' AND NEW.kind IN {_EVENT_KINDS} BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    """CREATE TRIGGER search_suggestion_events_update AFTER UPDATE OF note, kind, suggestion_id ON suggestion_events
WHEN OLD.note IS NOT NEW.note OR OLD.kind IS NOT NEW.kind OR OLD.suggestion_id IS NOT NEW.suggestion_id BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    f"""CREATE TRIGGER search_suggestion_events_delete AFTER DELETE ON suggestion_events
WHEN OLD.note <> '' AND OLD.kind IN {_EVENT_KINDS} BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
END""",
    # co-handlers' opinions
    """CREATE TRIGGER search_suggestion_co_handlers_insert AFTER INSERT ON suggestion_co_handlers
WHEN NEW.opinion <> '' BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    """CREATE TRIGGER search_suggestion_co_handlers_update AFTER UPDATE OF opinion, suggestion_id ON suggestion_co_handlers
WHEN OLD.opinion IS NOT NEW.opinion OR OLD.suggestion_id IS NOT NEW.suggestion_id BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    """CREATE TRIGGER search_suggestion_co_handlers_delete AFTER DELETE ON suggestion_co_handlers
WHEN OLD.opinion <> '' BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
END""",
    # reasons of returns
    """CREATE TRIGGER search_suggestion_returns_insert AFTER INSERT ON suggestion_returns BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    """CREATE TRIGGER search_suggestion_returns_update AFTER UPDATE OF reason, suggestion_id ON suggestion_returns
WHEN OLD.reason IS NOT NEW.reason OR OLD.suggestion_id IS NOT NEW.suggestion_id BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', NEW.suggestion_id);
END""",
    """CREATE TRIGGER search_suggestion_returns_delete AFTER DELETE ON suggestion_returns BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('s', OLD.suggestion_id);
END""",
    # activities
    """CREATE TRIGGER search_activities_insert AFTER INSERT ON activities
WHEN NEW.topic <> '' OR NEW.summary <> '' BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('a', NEW.id);
END""",
    """CREATE TRIGGER search_activities_update AFTER UPDATE OF topic, summary ON activities
WHEN OLD.topic IS NOT NEW.topic OR OLD.summary IS NOT NEW.summary BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('a', NEW.id);
END""",
    """CREATE TRIGGER search_activities_delete AFTER DELETE ON activities BEGIN
INSERT OR IGNORE INTO _search_dirty (kind, id) VALUES ('a', OLD.id);
END""",
)

MARK_ALL = (
    "INSERT OR IGNORE INTO _search_dirty (kind, id) SELECT 's', id FROM suggestions",
    "INSERT OR IGNORE INTO _search_dirty (kind, id) SELECT 'a', id FROM activities",
)

SEARCH_INDEX = (*SEARCH_TABLES, *SEARCH_TRIGGERS, *MARK_ALL)
