"""The duty rota (issue 16 item 1): deputies' absences and the planned reception days, with their
audit triggers, as literal SQL (a shipped step never changes; generated once with store/audit.trigger_sql)."""

DUTY_ROTA_TABLES = (
    """CREATE TABLE deputy_absences (
        id INTEGER PRIMARY KEY,
        deputy_id INTEGER NOT NULL REFERENCES deputies(id),
        start_on TEXT NOT NULL,
        end_on TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        CHECK (end_on >= start_on)
    )""",
    "CREATE INDEX idx_deputy_absences_deputy ON deputy_absences(deputy_id, start_on)",
    """CREATE TABLE duty_rota (
        id INTEGER PRIMARY KEY,
        station_id INTEGER NOT NULL REFERENCES stations(id),
        day TEXT NOT NULL,
        deputy_id INTEGER NOT NULL REFERENCES deputies(id),
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (station_id, day, deputy_id)
    )""",
    "CREATE INDEX idx_duty_rota_day ON duty_rota(day, station_id)",
    "CREATE INDEX idx_duty_rota_deputy ON duty_rota(deputy_id, day)",
)

DUTY_ROTA_TRIGGERS = (
    """CREATE TRIGGER "audit_deputy_absences_insert" AFTER INSERT ON "deputy_absences" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_absences', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'deputy_id', NEW."deputy_id", 'start_on', NEW."start_on", 'end_on', NEW."end_on", 'reason', NEW."reason"));
        END""",
    """CREATE TRIGGER "audit_deputy_absences_update" AFTER UPDATE ON "deputy_absences" WHEN OLD."id" IS NOT NEW."id" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."start_on" IS NOT NEW."start_on" OR OLD."end_on" IS NOT NEW."end_on" OR OLD."reason" IS NOT NEW."reason" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_absences', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'deputy_id', OLD."deputy_id", 'start_on', OLD."start_on", 'end_on', OLD."end_on", 'reason', OLD."reason"), json_object('id', NEW."id", 'deputy_id', NEW."deputy_id", 'start_on', NEW."start_on", 'end_on', NEW."end_on", 'reason', NEW."reason"));
        END""",
    """CREATE TRIGGER "audit_deputy_absences_delete" AFTER DELETE ON "deputy_absences" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_absences', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'deputy_id', OLD."deputy_id", 'start_on', OLD."start_on", 'end_on', OLD."end_on", 'reason', OLD."reason"), NULL);
        END""",
    """CREATE TRIGGER "audit_duty_rota_insert" AFTER INSERT ON "duty_rota" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'duty_rota', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'station_id', NEW."station_id", 'day', NEW."day", 'deputy_id', NEW."deputy_id", 'note', NEW."note"));
        END""",
    """CREATE TRIGGER "audit_duty_rota_update" AFTER UPDATE ON "duty_rota" WHEN OLD."id" IS NOT NEW."id" OR OLD."station_id" IS NOT NEW."station_id" OR OLD."day" IS NOT NEW."day" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."note" IS NOT NEW."note" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'duty_rota', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'station_id', OLD."station_id", 'day', OLD."day", 'deputy_id', OLD."deputy_id", 'note', OLD."note"), json_object('id', NEW."id", 'station_id', NEW."station_id", 'day', NEW."day", 'deputy_id', NEW."deputy_id", 'note', NEW."note"));
        END""",
    """CREATE TRIGGER "audit_duty_rota_delete" AFTER DELETE ON "duty_rota" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'duty_rota', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'station_id', OLD."station_id", 'day', OLD."day", 'deputy_id', OLD."deputy_id", 'note', OLD."note"), NULL);
        END""",
)
