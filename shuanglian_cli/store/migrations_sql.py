"""The SQL of the shipped migrations 1 and 2, frozen as text (store/migrations.py runs it).

Generated once, from the code that built every database now in use at schema version 3, by
capturing the statements those migrations executed; tests/test_migrations_frozen.py checks that
a database built from this text has exactly the schema in tests/data/schema_v3.sql. Never edit
it: a shipped migration never changes. A later change to the schema is a new migration.
"""

# migration 1: tables, indexes and the eight Zibo counties
M001_INITIAL: tuple[str, ...] = (
    """CREATE TABLE counties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            short_name TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE,
            city TEXT NOT NULL DEFAULT '淄博市'
        )""",
    """CREATE TABLE towns (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '镇' CHECK (kind IN ('镇', '街道', '乡')),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        )""",
    """CREATE TABLE stations (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            parent_id INTEGER REFERENCES stations(id),
            kind TEXT NOT NULL DEFAULT '站' CHECK (kind IN ('站', '点')),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            has_premises INTEGER NOT NULL DEFAULT 0 CHECK (has_premises IN (0, 1)),
            has_equipment INTEGER NOT NULL DEFAULT 0 CHECK (has_equipment IN (0, 1)),
            has_rules INTEGER NOT NULL DEFAULT 0 CHECK (has_rules IN (0, 1)),
            has_funds INTEGER NOT NULL DEFAULT 0 CHECK (has_funds IN (0, 1)),
            schedule TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name),
            CHECK ((kind = '点') = (parent_id IS NOT NULL))
        )""",
    """CREATE TABLE deputies (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            station_id INTEGER REFERENCES stations(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            sex TEXT CHECK (sex IN ('男', '女')),
            phone TEXT NOT NULL DEFAULT '',
            work_unit TEXT NOT NULL DEFAULT '',
            levels TEXT NOT NULL DEFAULT '县',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        )""",
    """CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            post TEXT NOT NULL DEFAULT '',
            group_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        )""",
    """CREATE TABLE constituents (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name, phone)
        )""",
    """CREATE TABLE departments (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            kind TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        )""",
    """CREATE TABLE member_deputies (
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            member_id INTEGER NOT NULL REFERENCES members(id),
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            PRIMARY KEY (year, member_id, deputy_id)
        )""",
    """CREATE TABLE deputy_constituents (
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            constituent_id INTEGER NOT NULL REFERENCES constituents(id),
            PRIMARY KEY (year, deputy_id, constituent_id)
        )""",
    """CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            station_id INTEGER REFERENCES stations(id),
            date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('接待日', '议题式接待', '季度双联', '走访', '接听日', '座谈', '述职', '其他')),
            topic TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            group_name TEXT NOT NULL DEFAULT '',
            extra_constituents INTEGER NOT NULL DEFAULT 0 CHECK (extra_constituents >= 0),
            rating_total INTEGER,
            rating_satisfied INTEGER,
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
    """CREATE TABLE activity_deputies (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            PRIMARY KEY (activity_id, deputy_id)
        )""",
    """CREATE TABLE activity_members (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id),
            PRIMARY KEY (activity_id, member_id)
        )""",
    """CREATE TABLE activity_constituents (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            constituent_id INTEGER NOT NULL REFERENCES constituents(id),
            PRIMARY KEY (activity_id, constituent_id)
        )""",
    """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            activity_id INTEGER REFERENCES activities(id),
            station_id INTEGER REFERENCES stations(id),
            deputy_id INTEGER REFERENCES deputies(id),
            constituent_id INTEGER REFERENCES constituents(id),
            raiser_name TEXT NOT NULL DEFAULT '',
            collected_on TEXT NOT NULL,
            content TEXT NOT NULL CHECK (length(trim(content)) > 0),
            category TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'collected' CHECK (state IN ('collected', 'on_spot', 'referred', 'replied', 'fed_back', 'closed', 'inter_session', 'withdrawn')),
            handling TEXT CHECK (handling IN ('on_spot', 'referred', 'inter_session')),
            answer TEXT NOT NULL DEFAULT '',
            department_id INTEGER REFERENCES departments(id),
            referred_on TEXT,
            limit_workdays INTEGER CHECK (limit_workdays > 0),
            due_on TEXT,
            due_confirmed INTEGER,
            round INTEGER NOT NULL DEFAULT 0,
            extended INTEGER NOT NULL DEFAULT 0,
            chases INTEGER NOT NULL DEFAULT 0,
            replied_on TEXT,
            reply TEXT NOT NULL DEFAULT '',
            fed_back_on TEXT,
            satisfaction TEXT CHECK (satisfaction IN ('满意', '基本满意', '不满意')),
            closed_on TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
    """CREATE TABLE suggestion_events (
            id INTEGER PRIMARY KEY,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
            round INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL,
            on_date TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            department_id INTEGER REFERENCES departments(id),
            limit_workdays INTEGER,
            due_on TEXT,
            satisfaction TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
        )""",
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE INDEX idx_towns_county ON towns(county_id)""",
    """CREATE INDEX idx_stations_parent ON stations(parent_id)""",
    """CREATE INDEX idx_deputies_station ON deputies(station_id)""",
    """CREATE INDEX idx_deputies_initials ON deputies(initials)""",
    """CREATE INDEX idx_constituents_name ON constituents(name)""",
    """CREATE INDEX idx_member_deputies_deputy ON member_deputies(deputy_id, year)""",
    """CREATE INDEX idx_deputy_constituents_constituent ON deputy_constituents(constituent_id, year)""",
    """CREATE INDEX idx_activities_county_date ON activities(county_id, date)""",
    """CREATE INDEX idx_activities_station_date ON activities(station_id, date)""",
    """CREATE INDEX idx_activity_deputies_deputy ON activity_deputies(deputy_id)""",
    """CREATE INDEX idx_activity_members_member ON activity_members(member_id)""",
    """CREATE INDEX idx_activity_constituents_constituent ON activity_constituents(constituent_id)""",
    """CREATE INDEX idx_suggestions_open_due ON suggestions(state, due_on)""",
    """CREATE INDEX idx_suggestions_county_collected ON suggestions(county_id, collected_on)""",
    """CREATE INDEX idx_suggestions_department ON suggestions(department_id, state)""",
    """CREATE INDEX idx_suggestions_deputy ON suggestions(deputy_id)""",
    """CREATE INDEX idx_suggestions_activity ON suggestions(activity_id)""",
    """CREATE INDEX idx_suggestion_events_suggestion ON suggestion_events(suggestion_id, id)""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('张店区', '张店', 'zhangdian')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('淄川区', '淄川', 'zichuan')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('博山区', '博山', 'boshan')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('临淄区', '临淄', 'linzi')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('周村区', '周村', 'zhoucun')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('桓台县', '桓台', 'huantai')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('高青县', '高青', 'gaoqing')""",
    """INSERT INTO counties (name, short_name, slug) VALUES ('沂源县', '沂源', 'yiyuan')""",
)

# migration 2: audit_log, audit_context and the audit triggers of every table migration 1 made
M002_AUDIT: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
            operator TEXT,
            command TEXT,
            table_name TEXT NOT NULL,
            record_id,  -- no type: an integer id stays an integer, so the index grows at its end
            record_last INTEGER,  -- bulk_insert: the last id of the range record_id .. record_last
            parent TEXT,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        )""",
    """CREATE INDEX IF NOT EXISTS idx_audit_log_record ON audit_log(table_name, record_id)""",
    """CREATE INDEX IF NOT EXISTS idx_audit_log_parent ON audit_log(parent) WHERE parent IS NOT NULL""",
    """CREATE INDEX IF NOT EXISTS idx_audit_log_bulk ON audit_log(table_name, record_last) WHERE action = 'bulk_insert'""",
    """CREATE TABLE IF NOT EXISTS audit_context (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            operator TEXT,
            command TEXT,
            redacting INTEGER NOT NULL DEFAULT 0
        )""",
    """INSERT OR IGNORE INTO audit_context (id) VALUES (1)""",
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        WHEN coalesce((SELECT redacting FROM audit_context WHERE id = 1), 0) = 0
          OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.operator IS NOT OLD.operator
          OR NEW.command IS NOT OLD.command OR NEW.table_name IS NOT OLD.table_name
          OR NEW.record_id IS NOT OLD.record_id OR NEW.record_last IS NOT OLD.record_last
          OR NEW.action IS NOT OLD.action
        BEGIN SELECT RAISE(ABORT, '审计记录不可修改'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, '审计记录不可删除'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_context_keep BEFORE DELETE ON audit_context
        BEGIN SELECT RAISE(ABORT, '审计上下文不可删除'); END""",
    """select name from sqlite_master where type = 'table'""",
    """CREATE TRIGGER "audit_counties_insert" AFTER INSERT ON "counties" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'counties', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'name', NEW."name", 'short_name', NEW."short_name", 'slug', NEW."slug", 'city', NEW."city"));
        END""",
    """CREATE TRIGGER "audit_counties_update" AFTER UPDATE ON "counties" WHEN OLD."id" IS NOT NEW."id" OR OLD."name" IS NOT NEW."name" OR OLD."short_name" IS NOT NEW."short_name" OR OLD."slug" IS NOT NEW."slug" OR OLD."city" IS NOT NEW."city" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'counties', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'name', OLD."name", 'short_name', OLD."short_name", 'slug', OLD."slug", 'city', OLD."city"), json_object('id', NEW."id", 'name', NEW."name", 'short_name', NEW."short_name", 'slug', NEW."slug", 'city', NEW."city"));
        END""",
    """CREATE TRIGGER "audit_counties_delete" AFTER DELETE ON "counties" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'counties', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'name', OLD."name", 'short_name', OLD."short_name", 'slug', OLD."slug", 'city', OLD."city"), NULL);
        END""",
    """CREATE TRIGGER "audit_towns_insert" AFTER INSERT ON "towns" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'towns', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'kind', NEW."kind"));
        END""",
    """CREATE TRIGGER "audit_towns_update" AFTER UPDATE ON "towns" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."name" IS NOT NEW."name" OR OLD."kind" IS NOT NEW."kind" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'towns', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'kind', OLD."kind"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'kind', NEW."kind"));
        END""",
    """CREATE TRIGGER "audit_towns_delete" AFTER DELETE ON "towns" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'towns', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'kind', OLD."kind"), NULL);
        END""",
    """CREATE TRIGGER "audit_stations_insert" AFTER INSERT ON "stations" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'stations', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'parent_id', NEW."parent_id", 'kind', NEW."kind", 'name', NEW."name", 'address', NEW."address", 'has_premises', NEW."has_premises", 'has_equipment', NEW."has_equipment", 'has_rules', NEW."has_rules", 'has_funds', NEW."has_funds", 'schedule', NEW."schedule", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_stations_update" AFTER UPDATE ON "stations" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."town_id" IS NOT NEW."town_id" OR OLD."parent_id" IS NOT NEW."parent_id" OR OLD."kind" IS NOT NEW."kind" OR OLD."name" IS NOT NEW."name" OR OLD."address" IS NOT NEW."address" OR OLD."has_premises" IS NOT NEW."has_premises" OR OLD."has_equipment" IS NOT NEW."has_equipment" OR OLD."has_rules" IS NOT NEW."has_rules" OR OLD."has_funds" IS NOT NEW."has_funds" OR OLD."schedule" IS NOT NEW."schedule" OR OLD."active" IS NOT NEW."active" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'stations', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'parent_id', OLD."parent_id", 'kind', OLD."kind", 'name', OLD."name", 'address', OLD."address", 'has_premises', OLD."has_premises", 'has_equipment', OLD."has_equipment", 'has_rules', OLD."has_rules", 'has_funds', OLD."has_funds", 'schedule', OLD."schedule", 'active', OLD."active"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'parent_id', NEW."parent_id", 'kind', NEW."kind", 'name', NEW."name", 'address', NEW."address", 'has_premises', NEW."has_premises", 'has_equipment', NEW."has_equipment", 'has_rules', NEW."has_rules", 'has_funds', NEW."has_funds", 'schedule', NEW."schedule", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_stations_delete" AFTER DELETE ON "stations" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'stations', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'parent_id', OLD."parent_id", 'kind', OLD."kind", 'name', OLD."name", 'address', OLD."address", 'has_premises', OLD."has_premises", 'has_equipment', OLD."has_equipment", 'has_rules', OLD."has_rules", 'has_funds', OLD."has_funds", 'schedule', OLD."schedule", 'active', OLD."active"), NULL);
        END""",
    """CREATE TRIGGER "audit_deputies_insert" AFTER INSERT ON "deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputies', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'station_id', NEW."station_id", 'name', NEW."name", 'sex', NEW."sex", 'phone', NEW."phone", 'work_unit', NEW."work_unit", 'levels', NEW."levels", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_deputies_update" AFTER UPDATE ON "deputies" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."town_id" IS NOT NEW."town_id" OR OLD."station_id" IS NOT NEW."station_id" OR OLD."name" IS NOT NEW."name" OR OLD."sex" IS NOT NEW."sex" OR OLD."phone" IS NOT NEW."phone" OR OLD."work_unit" IS NOT NEW."work_unit" OR OLD."levels" IS NOT NEW."levels" OR OLD."active" IS NOT NEW."active" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputies', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'station_id', OLD."station_id", 'name', OLD."name", 'sex', OLD."sex", 'phone', OLD."phone", 'work_unit', OLD."work_unit", 'levels', OLD."levels", 'active', OLD."active"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'station_id', NEW."station_id", 'name', NEW."name", 'sex', NEW."sex", 'phone', NEW."phone", 'work_unit', NEW."work_unit", 'levels', NEW."levels", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_deputies_delete" AFTER DELETE ON "deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputies', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'station_id', OLD."station_id", 'name', OLD."name", 'sex', OLD."sex", 'phone', OLD."phone", 'work_unit', OLD."work_unit", 'levels', OLD."levels", 'active', OLD."active"), NULL);
        END""",
    """CREATE TRIGGER "audit_members_insert" AFTER INSERT ON "members" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'members', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'post', NEW."post", 'group_name', NEW."group_name", 'phone', NEW."phone", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_members_update" AFTER UPDATE ON "members" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."name" IS NOT NEW."name" OR OLD."post" IS NOT NEW."post" OR OLD."group_name" IS NOT NEW."group_name" OR OLD."phone" IS NOT NEW."phone" OR OLD."active" IS NOT NEW."active" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'members', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'post', OLD."post", 'group_name', OLD."group_name", 'phone', OLD."phone", 'active', OLD."active"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'post', NEW."post", 'group_name', NEW."group_name", 'phone', NEW."phone", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_members_delete" AFTER DELETE ON "members" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'members', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'post', OLD."post", 'group_name', OLD."group_name", 'phone', OLD."phone", 'active', OLD."active"), NULL);
        END""",
    """CREATE TRIGGER "audit_constituents_insert" AFTER INSERT ON "constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'constituents', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'name', NEW."name", 'phone', CASE WHEN length(NEW."phone") = 11 THEN substr(NEW."phone", 1, 3) || '****' || substr(NEW."phone", -4) WHEN NEW."phone" IS NULL OR NEW."phone" = '' THEN NEW."phone" WHEN length(NEW."phone") >= 8 THEN substr(NEW."phone", 1, 3) || replace(hex(zeroblob(length(NEW."phone") - 7)), '00', '*') || substr(NEW."phone", -4) ELSE substr(NEW."phone", 1, 1) || replace(hex(zeroblob(length(NEW."phone") - 1)), '00', '*') END, 'address', CASE WHEN NEW."address" IS NULL OR NEW."address" = '' THEN NEW."address" ELSE substr(NEW."address", 1, min(6, max(1, length(NEW."address") / 2))) || '****' END, 'active', NEW."active", 'erased', NEW."erased"));
        END""",
    """CREATE TRIGGER "audit_constituents_update" AFTER UPDATE ON "constituents" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."town_id" IS NOT NEW."town_id" OR OLD."name" IS NOT NEW."name" OR OLD."phone" IS NOT NEW."phone" OR OLD."address" IS NOT NEW."address" OR OLD."active" IS NOT NEW."active" OR OLD."erased" IS NOT NEW."erased" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'constituents', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'name', OLD."name", 'phone', CASE WHEN length(OLD."phone") = 11 THEN substr(OLD."phone", 1, 3) || '****' || substr(OLD."phone", -4) WHEN OLD."phone" IS NULL OR OLD."phone" = '' THEN OLD."phone" WHEN length(OLD."phone") >= 8 THEN substr(OLD."phone", 1, 3) || replace(hex(zeroblob(length(OLD."phone") - 7)), '00', '*') || substr(OLD."phone", -4) ELSE substr(OLD."phone", 1, 1) || replace(hex(zeroblob(length(OLD."phone") - 1)), '00', '*') END, 'address', CASE WHEN OLD."address" IS NULL OR OLD."address" = '' THEN OLD."address" ELSE substr(OLD."address", 1, min(6, max(1, length(OLD."address") / 2))) || '****' END, 'active', OLD."active", 'erased', OLD."erased"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'name', NEW."name", 'phone', CASE WHEN length(NEW."phone") = 11 THEN substr(NEW."phone", 1, 3) || '****' || substr(NEW."phone", -4) WHEN NEW."phone" IS NULL OR NEW."phone" = '' THEN NEW."phone" WHEN length(NEW."phone") >= 8 THEN substr(NEW."phone", 1, 3) || replace(hex(zeroblob(length(NEW."phone") - 7)), '00', '*') || substr(NEW."phone", -4) ELSE substr(NEW."phone", 1, 1) || replace(hex(zeroblob(length(NEW."phone") - 1)), '00', '*') END, 'address', CASE WHEN NEW."address" IS NULL OR NEW."address" = '' THEN NEW."address" ELSE substr(NEW."address", 1, min(6, max(1, length(NEW."address") / 2))) || '****' END, 'active', NEW."active", 'erased', NEW."erased"));
        END""",
    """CREATE TRIGGER "audit_constituents_delete" AFTER DELETE ON "constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'constituents', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'name', OLD."name", 'phone', CASE WHEN length(OLD."phone") = 11 THEN substr(OLD."phone", 1, 3) || '****' || substr(OLD."phone", -4) WHEN OLD."phone" IS NULL OR OLD."phone" = '' THEN OLD."phone" WHEN length(OLD."phone") >= 8 THEN substr(OLD."phone", 1, 3) || replace(hex(zeroblob(length(OLD."phone") - 7)), '00', '*') || substr(OLD."phone", -4) ELSE substr(OLD."phone", 1, 1) || replace(hex(zeroblob(length(OLD."phone") - 1)), '00', '*') END, 'address', CASE WHEN OLD."address" IS NULL OR OLD."address" = '' THEN OLD."address" ELSE substr(OLD."address", 1, min(6, max(1, length(OLD."address") / 2))) || '****' END, 'active', OLD."active", 'erased', OLD."erased"), NULL);
        END""",
    """CREATE TRIGGER "audit_departments_insert" AFTER INSERT ON "departments" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'departments', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'kind', NEW."kind", 'contact', NEW."contact", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_departments_update" AFTER UPDATE ON "departments" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."name" IS NOT NEW."name" OR OLD."kind" IS NOT NEW."kind" OR OLD."contact" IS NOT NEW."contact" OR OLD."active" IS NOT NEW."active" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'departments', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'kind', OLD."kind", 'contact', OLD."contact", 'active', OLD."active"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'name', NEW."name", 'kind', NEW."kind", 'contact', NEW."contact", 'active', NEW."active"));
        END""",
    """CREATE TRIGGER "audit_departments_delete" AFTER DELETE ON "departments" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'departments', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'name', OLD."name", 'kind', OLD."kind", 'contact', OLD."contact", 'active', OLD."active"), NULL);
        END""",
    """CREATE TRIGGER "audit_member_deputies_insert" AFTER INSERT ON "member_deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'member_deputies', NEW."year" || '/' || NEW."member_id" || '/' || NEW."deputy_id", CASE WHEN NEW."member_id" IS NULL THEN NULL ELSE 'members:' || NEW."member_id" END, 'insert',
                NULL, json_object('year', NEW."year", 'member_id', NEW."member_id", 'deputy_id', NEW."deputy_id"));
        END""",
    """CREATE TRIGGER "audit_member_deputies_update" AFTER UPDATE ON "member_deputies" WHEN OLD."year" IS NOT NEW."year" OR OLD."member_id" IS NOT NEW."member_id" OR OLD."deputy_id" IS NOT NEW."deputy_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'member_deputies', NEW."year" || '/' || NEW."member_id" || '/' || NEW."deputy_id", CASE WHEN NEW."member_id" IS NULL THEN NULL ELSE 'members:' || NEW."member_id" END, 'update',
                json_object('year', OLD."year", 'member_id', OLD."member_id", 'deputy_id', OLD."deputy_id"), json_object('year', NEW."year", 'member_id', NEW."member_id", 'deputy_id', NEW."deputy_id"));
        END""",
    """CREATE TRIGGER "audit_member_deputies_delete" AFTER DELETE ON "member_deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'member_deputies', OLD."year" || '/' || OLD."member_id" || '/' || OLD."deputy_id", CASE WHEN OLD."member_id" IS NULL THEN NULL ELSE 'members:' || OLD."member_id" END, 'delete',
                json_object('year', OLD."year", 'member_id', OLD."member_id", 'deputy_id', OLD."deputy_id"), NULL);
        END""",
    """CREATE TRIGGER "audit_deputy_constituents_insert" AFTER INSERT ON "deputy_constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_constituents', NEW."year" || '/' || NEW."deputy_id" || '/' || NEW."constituent_id", CASE WHEN NEW."deputy_id" IS NULL THEN NULL ELSE 'deputies:' || NEW."deputy_id" END, 'insert',
                NULL, json_object('year', NEW."year", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id"));
        END""",
    """CREATE TRIGGER "audit_deputy_constituents_update" AFTER UPDATE ON "deputy_constituents" WHEN OLD."year" IS NOT NEW."year" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."constituent_id" IS NOT NEW."constituent_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_constituents', NEW."year" || '/' || NEW."deputy_id" || '/' || NEW."constituent_id", CASE WHEN NEW."deputy_id" IS NULL THEN NULL ELSE 'deputies:' || NEW."deputy_id" END, 'update',
                json_object('year', OLD."year", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id"), json_object('year', NEW."year", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id"));
        END""",
    """CREATE TRIGGER "audit_deputy_constituents_delete" AFTER DELETE ON "deputy_constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'deputy_constituents', OLD."year" || '/' || OLD."deputy_id" || '/' || OLD."constituent_id", CASE WHEN OLD."deputy_id" IS NULL THEN NULL ELSE 'deputies:' || OLD."deputy_id" END, 'delete',
                json_object('year', OLD."year", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id"), NULL);
        END""",
    """CREATE TRIGGER "audit_activities_insert" AFTER INSERT ON "activities" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activities', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'station_id', NEW."station_id", 'date', NEW."date", 'kind', NEW."kind", 'topic', NEW."topic", 'summary', NEW."summary", 'group_name', NEW."group_name", 'extra_constituents', NEW."extra_constituents", 'rating_total', NEW."rating_total", 'rating_satisfied', NEW."rating_satisfied", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_activities_update" AFTER UPDATE ON "activities" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."station_id" IS NOT NEW."station_id" OR OLD."date" IS NOT NEW."date" OR OLD."kind" IS NOT NEW."kind" OR OLD."topic" IS NOT NEW."topic" OR OLD."summary" IS NOT NEW."summary" OR OLD."group_name" IS NOT NEW."group_name" OR OLD."extra_constituents" IS NOT NEW."extra_constituents" OR OLD."rating_total" IS NOT NEW."rating_total" OR OLD."rating_satisfied" IS NOT NEW."rating_satisfied" OR OLD."created_at" IS NOT NEW."created_at" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activities', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'station_id', OLD."station_id", 'date', OLD."date", 'kind', OLD."kind", 'topic', OLD."topic", 'summary', OLD."summary", 'group_name', OLD."group_name", 'extra_constituents', OLD."extra_constituents", 'rating_total', OLD."rating_total", 'rating_satisfied', OLD."rating_satisfied", 'created_at', OLD."created_at"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'station_id', NEW."station_id", 'date', NEW."date", 'kind', NEW."kind", 'topic', NEW."topic", 'summary', NEW."summary", 'group_name', NEW."group_name", 'extra_constituents', NEW."extra_constituents", 'rating_total', NEW."rating_total", 'rating_satisfied', NEW."rating_satisfied", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_activities_delete" AFTER DELETE ON "activities" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activities', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'station_id', OLD."station_id", 'date', OLD."date", 'kind', OLD."kind", 'topic', OLD."topic", 'summary', OLD."summary", 'group_name', OLD."group_name", 'extra_constituents', OLD."extra_constituents", 'rating_total', OLD."rating_total", 'rating_satisfied', OLD."rating_satisfied", 'created_at', OLD."created_at"), NULL);
        END""",
    """CREATE TRIGGER "audit_activity_deputies_insert" AFTER INSERT ON "activity_deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_deputies', NEW."activity_id" || '/' || NEW."deputy_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'insert',
                NULL, json_object('activity_id', NEW."activity_id", 'deputy_id', NEW."deputy_id"));
        END""",
    """CREATE TRIGGER "audit_activity_deputies_update" AFTER UPDATE ON "activity_deputies" WHEN OLD."activity_id" IS NOT NEW."activity_id" OR OLD."deputy_id" IS NOT NEW."deputy_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_deputies', NEW."activity_id" || '/' || NEW."deputy_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'update',
                json_object('activity_id', OLD."activity_id", 'deputy_id', OLD."deputy_id"), json_object('activity_id', NEW."activity_id", 'deputy_id', NEW."deputy_id"));
        END""",
    """CREATE TRIGGER "audit_activity_deputies_delete" AFTER DELETE ON "activity_deputies" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_deputies', OLD."activity_id" || '/' || OLD."deputy_id", CASE WHEN OLD."activity_id" IS NULL THEN NULL ELSE 'activities:' || OLD."activity_id" END, 'delete',
                json_object('activity_id', OLD."activity_id", 'deputy_id', OLD."deputy_id"), NULL);
        END""",
    """CREATE TRIGGER "audit_activity_members_insert" AFTER INSERT ON "activity_members" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_members', NEW."activity_id" || '/' || NEW."member_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'insert',
                NULL, json_object('activity_id', NEW."activity_id", 'member_id', NEW."member_id"));
        END""",
    """CREATE TRIGGER "audit_activity_members_update" AFTER UPDATE ON "activity_members" WHEN OLD."activity_id" IS NOT NEW."activity_id" OR OLD."member_id" IS NOT NEW."member_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_members', NEW."activity_id" || '/' || NEW."member_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'update',
                json_object('activity_id', OLD."activity_id", 'member_id', OLD."member_id"), json_object('activity_id', NEW."activity_id", 'member_id', NEW."member_id"));
        END""",
    """CREATE TRIGGER "audit_activity_members_delete" AFTER DELETE ON "activity_members" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_members', OLD."activity_id" || '/' || OLD."member_id", CASE WHEN OLD."activity_id" IS NULL THEN NULL ELSE 'activities:' || OLD."activity_id" END, 'delete',
                json_object('activity_id', OLD."activity_id", 'member_id', OLD."member_id"), NULL);
        END""",
    """CREATE TRIGGER "audit_activity_constituents_insert" AFTER INSERT ON "activity_constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_constituents', NEW."activity_id" || '/' || NEW."constituent_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'insert',
                NULL, json_object('activity_id', NEW."activity_id", 'constituent_id', NEW."constituent_id"));
        END""",
    """CREATE TRIGGER "audit_activity_constituents_update" AFTER UPDATE ON "activity_constituents" WHEN OLD."activity_id" IS NOT NEW."activity_id" OR OLD."constituent_id" IS NOT NEW."constituent_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_constituents', NEW."activity_id" || '/' || NEW."constituent_id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'update',
                json_object('activity_id', OLD."activity_id", 'constituent_id', OLD."constituent_id"), json_object('activity_id', NEW."activity_id", 'constituent_id', NEW."constituent_id"));
        END""",
    """CREATE TRIGGER "audit_activity_constituents_delete" AFTER DELETE ON "activity_constituents" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'activity_constituents', OLD."activity_id" || '/' || OLD."constituent_id", CASE WHEN OLD."activity_id" IS NULL THEN NULL ELSE 'activities:' || OLD."activity_id" END, 'delete',
                json_object('activity_id', OLD."activity_id", 'constituent_id', OLD."constituent_id"), NULL);
        END""",
    """CREATE TRIGGER "audit_suggestions_insert" AFTER INSERT ON "suggestions" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', NEW."id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'activity_id', NEW."activity_id", 'station_id', NEW."station_id", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id", 'raiser_name', NEW."raiser_name", 'collected_on', NEW."collected_on", 'content', NEW."content", 'category', NEW."category", 'state', NEW."state", 'handling', NEW."handling", 'answer', NEW."answer", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'due_confirmed', NEW."due_confirmed", 'round', NEW."round", 'extended', NEW."extended", 'chases', NEW."chases", 'replied_on', NEW."replied_on", 'reply', NEW."reply", 'fed_back_on', NEW."fed_back_on", 'satisfaction', NEW."satisfaction", 'closed_on', NEW."closed_on", 'note', NEW."note", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_suggestions_update" AFTER UPDATE ON "suggestions" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."activity_id" IS NOT NEW."activity_id" OR OLD."station_id" IS NOT NEW."station_id" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."constituent_id" IS NOT NEW."constituent_id" OR OLD."raiser_name" IS NOT NEW."raiser_name" OR OLD."collected_on" IS NOT NEW."collected_on" OR OLD."content" IS NOT NEW."content" OR OLD."category" IS NOT NEW."category" OR OLD."state" IS NOT NEW."state" OR OLD."handling" IS NOT NEW."handling" OR OLD."answer" IS NOT NEW."answer" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."referred_on" IS NOT NEW."referred_on" OR OLD."limit_workdays" IS NOT NEW."limit_workdays" OR OLD."due_on" IS NOT NEW."due_on" OR OLD."due_confirmed" IS NOT NEW."due_confirmed" OR OLD."round" IS NOT NEW."round" OR OLD."extended" IS NOT NEW."extended" OR OLD."chases" IS NOT NEW."chases" OR OLD."replied_on" IS NOT NEW."replied_on" OR OLD."reply" IS NOT NEW."reply" OR OLD."fed_back_on" IS NOT NEW."fed_back_on" OR OLD."satisfaction" IS NOT NEW."satisfaction" OR OLD."closed_on" IS NOT NEW."closed_on" OR OLD."note" IS NOT NEW."note" OR OLD."created_at" IS NOT NEW."created_at" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', NEW."id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'activity_id', OLD."activity_id", 'station_id', OLD."station_id", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id", 'raiser_name', OLD."raiser_name", 'collected_on', OLD."collected_on", 'content', OLD."content", 'category', OLD."category", 'state', OLD."state", 'handling', OLD."handling", 'answer', OLD."answer", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'due_confirmed', OLD."due_confirmed", 'round', OLD."round", 'extended', OLD."extended", 'chases', OLD."chases", 'replied_on', OLD."replied_on", 'reply', OLD."reply", 'fed_back_on', OLD."fed_back_on", 'satisfaction', OLD."satisfaction", 'closed_on', OLD."closed_on", 'note', OLD."note", 'created_at', OLD."created_at"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'activity_id', NEW."activity_id", 'station_id', NEW."station_id", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id", 'raiser_name', NEW."raiser_name", 'collected_on', NEW."collected_on", 'content', NEW."content", 'category', NEW."category", 'state', NEW."state", 'handling', NEW."handling", 'answer', NEW."answer", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'due_confirmed', NEW."due_confirmed", 'round', NEW."round", 'extended', NEW."extended", 'chases', NEW."chases", 'replied_on', NEW."replied_on", 'reply', NEW."reply", 'fed_back_on', NEW."fed_back_on", 'satisfaction', NEW."satisfaction", 'closed_on', NEW."closed_on", 'note', NEW."note", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_suggestions_delete" AFTER DELETE ON "suggestions" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', OLD."id", CASE WHEN OLD."activity_id" IS NULL THEN NULL ELSE 'activities:' || OLD."activity_id" END, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'activity_id', OLD."activity_id", 'station_id', OLD."station_id", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id", 'raiser_name', OLD."raiser_name", 'collected_on', OLD."collected_on", 'content', OLD."content", 'category', OLD."category", 'state', OLD."state", 'handling', OLD."handling", 'answer', OLD."answer", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'due_confirmed', OLD."due_confirmed", 'round', OLD."round", 'extended', OLD."extended", 'chases', OLD."chases", 'replied_on', OLD."replied_on", 'reply', OLD."reply", 'fed_back_on', OLD."fed_back_on", 'satisfaction', OLD."satisfaction", 'closed_on', OLD."closed_on", 'note', OLD."note", 'created_at', OLD."created_at"), NULL);
        END""",
    """CREATE TRIGGER "audit_suggestion_events_insert" AFTER INSERT ON "suggestion_events" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'kind', NEW."kind", 'on_date', NEW."on_date", 'actor', NEW."actor", 'department_id', NEW."department_id", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'satisfaction', NEW."satisfaction", 'note', NEW."note", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_suggestion_events_update" AFTER UPDATE ON "suggestion_events" WHEN OLD."id" IS NOT NEW."id" OR OLD."suggestion_id" IS NOT NEW."suggestion_id" OR OLD."round" IS NOT NEW."round" OR OLD."kind" IS NOT NEW."kind" OR OLD."on_date" IS NOT NEW."on_date" OR OLD."actor" IS NOT NEW."actor" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."limit_workdays" IS NOT NEW."limit_workdays" OR OLD."due_on" IS NOT NEW."due_on" OR OLD."satisfaction" IS NOT NEW."satisfaction" OR OLD."note" IS NOT NEW."note" OR OLD."created_at" IS NOT NEW."created_at" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'update',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'kind', OLD."kind", 'on_date', OLD."on_date", 'actor', OLD."actor", 'department_id', OLD."department_id", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'satisfaction', OLD."satisfaction", 'note', OLD."note", 'created_at', OLD."created_at"), json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'kind', NEW."kind", 'on_date', NEW."on_date", 'actor', NEW."actor", 'department_id', NEW."department_id", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'satisfaction', NEW."satisfaction", 'note', NEW."note", 'created_at', NEW."created_at"));
        END""",
    """CREATE TRIGGER "audit_suggestion_events_delete" AFTER DELETE ON "suggestion_events" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', OLD."id", CASE WHEN OLD."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || OLD."suggestion_id" END, 'delete',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'kind', OLD."kind", 'on_date', OLD."on_date", 'actor', OLD."actor", 'department_id', OLD."department_id", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'satisfaction', OLD."satisfaction", 'note', OLD."note", 'created_at', OLD."created_at"), NULL);
        END""",
    """CREATE TRIGGER "audit_meta_insert" AFTER INSERT ON "meta" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'meta', NEW."key", NULL, 'insert',
                NULL, json_object('key', NEW."key", 'value', NEW."value"));
        END""",
    """CREATE TRIGGER "audit_meta_update" AFTER UPDATE ON "meta" WHEN OLD."key" IS NOT NEW."key" OR OLD."value" IS NOT NEW."value" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'meta', NEW."key", NULL, 'update',
                json_object('key', OLD."key", 'value', OLD."value"), json_object('key', NEW."key", 'value', NEW."value"));
        END""",
    """CREATE TRIGGER "audit_meta_delete" AFTER DELETE ON "meta" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'meta', OLD."key", NULL, 'delete',
                json_object('key', OLD."key", 'value', OLD."value"), NULL);
        END""",
)


# -- the referral_desk step (issue 14) ----------------------------------------------------------
# `suggestions` is rebuilt for the new state `returned` (退办，待改派) and three columns: the first
# referral date the county counts by, the latest reply class (A/B/C) and a B reply's promise date.
# `suggestion_events` gains the class, promise and chase kind of the step it records. Two new tables:
# co-handling bodies (协办单位 and their 会签 opinion) and returns (退办). Then the audit triggers of
# the changed and new tables, generated once with store/audit.trigger_sql.
SUGGESTIONS_V2 = """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            activity_id INTEGER REFERENCES activities(id),
            station_id INTEGER REFERENCES stations(id),
            deputy_id INTEGER REFERENCES deputies(id),
            constituent_id INTEGER REFERENCES constituents(id),
            raiser_name TEXT NOT NULL DEFAULT '',
            collected_on TEXT NOT NULL,
            content TEXT NOT NULL CHECK (length(trim(content)) > 0),
            category TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'collected' CHECK (state IN ('collected', 'on_spot', 'referred', 'returned', 'replied', 'fed_back', 'closed', 'inter_session', 'withdrawn')),
            handling TEXT CHECK (handling IN ('on_spot', 'referred', 'inter_session')),
            answer TEXT NOT NULL DEFAULT '',
            department_id INTEGER REFERENCES departments(id),
            referred_on TEXT,
            limit_workdays INTEGER CHECK (limit_workdays > 0),
            due_on TEXT,
            due_confirmed INTEGER,
            round INTEGER NOT NULL DEFAULT 0,
            extended INTEGER NOT NULL DEFAULT 0,
            chases INTEGER NOT NULL DEFAULT 0,
            replied_on TEXT,
            reply TEXT NOT NULL DEFAULT '',
            fed_back_on TEXT,
            satisfaction TEXT CHECK (satisfaction IN ('满意', '基本满意', '不满意')),
            closed_on TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
            first_referred_on TEXT,
            reply_class TEXT CHECK (reply_class IN ('A', 'B', 'C')),
            promise_on TEXT
        )"""

AFTER_REBUILD: tuple[str, ...] = (
    """UPDATE suggestions SET first_referred_on = (
           SELECT min(e.on_date) FROM suggestion_events e WHERE e.suggestion_id = suggestions.id AND e.kind = 'refer')
       WHERE handling = 'referred'""",
    """ALTER TABLE suggestion_events ADD COLUMN reply_class TEXT""",
    """ALTER TABLE suggestion_events ADD COLUMN promise_on TEXT""",
    """ALTER TABLE suggestion_events ADD COLUMN chase_kind TEXT""",
    """CREATE TABLE suggestion_co_handlers (
            id INTEGER PRIMARY KEY,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
            round INTEGER NOT NULL DEFAULT 0,
            department_id INTEGER NOT NULL REFERENCES departments(id),
            referred_on TEXT NOT NULL,
            replied_on TEXT,
            opinion TEXT NOT NULL DEFAULT '',
            UNIQUE (suggestion_id, round, department_id)
        )""",
    """CREATE INDEX idx_co_handlers_department ON suggestion_co_handlers(department_id, referred_on)""",
    """CREATE TABLE suggestion_returns (
            id INTEGER PRIMARY KEY,
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
            round INTEGER NOT NULL DEFAULT 0,
            department_id INTEGER NOT NULL REFERENCES departments(id),
            referred_on TEXT NOT NULL,
            returned_on TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            in_window INTEGER NOT NULL,
            approved_by TEXT NOT NULL DEFAULT '',
            workdays_held INTEGER NOT NULL
        )""",
    """CREATE INDEX idx_returns_suggestion ON suggestion_returns(suggestion_id)""",
    """CREATE INDEX idx_returns_department ON suggestion_returns(department_id, referred_on)""",
    """CREATE INDEX idx_suggestions_promise ON suggestions(promise_on) WHERE reply_class = 'B'""",
    """CREATE INDEX idx_suggestions_first_referred ON suggestions(first_referred_on)""",
    """DROP TRIGGER IF EXISTS "audit_suggestions_insert\"""",
    """DROP TRIGGER IF EXISTS "audit_suggestions_update\"""",
    """DROP TRIGGER IF EXISTS "audit_suggestions_delete\"""",
    """DROP TRIGGER IF EXISTS "audit_suggestion_events_insert\"""",
    """DROP TRIGGER IF EXISTS "audit_suggestion_events_update\"""",
    """DROP TRIGGER IF EXISTS "audit_suggestion_events_delete\"""",
)

# the audit triggers of the rebuilt, widened and new tables (store/audit.trigger_sql, generated once)
AUDIT_TRIGGERS: tuple[str, ...] = (
    """CREATE TRIGGER "audit_suggestions_insert" AFTER INSERT ON "suggestions" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', NEW."id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'activity_id', NEW."activity_id", 'station_id', NEW."station_id", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id", 'raiser_name', NEW."raiser_name", 'collected_on', NEW."collected_on", 'content', NEW."content", 'category', NEW."category", 'state', NEW."state", 'handling', NEW."handling", 'answer', NEW."answer", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'due_confirmed', NEW."due_confirmed", 'round', NEW."round", 'extended', NEW."extended", 'chases', NEW."chases", 'replied_on', NEW."replied_on", 'reply', NEW."reply", 'fed_back_on', NEW."fed_back_on", 'satisfaction', NEW."satisfaction", 'closed_on', NEW."closed_on", 'note', NEW."note", 'created_at', NEW."created_at", 'first_referred_on', NEW."first_referred_on", 'reply_class', NEW."reply_class", 'promise_on', NEW."promise_on"));
        END""",
    """CREATE TRIGGER "audit_suggestions_update" AFTER UPDATE ON "suggestions" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."activity_id" IS NOT NEW."activity_id" OR OLD."station_id" IS NOT NEW."station_id" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."constituent_id" IS NOT NEW."constituent_id" OR OLD."raiser_name" IS NOT NEW."raiser_name" OR OLD."collected_on" IS NOT NEW."collected_on" OR OLD."content" IS NOT NEW."content" OR OLD."category" IS NOT NEW."category" OR OLD."state" IS NOT NEW."state" OR OLD."handling" IS NOT NEW."handling" OR OLD."answer" IS NOT NEW."answer" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."referred_on" IS NOT NEW."referred_on" OR OLD."limit_workdays" IS NOT NEW."limit_workdays" OR OLD."due_on" IS NOT NEW."due_on" OR OLD."due_confirmed" IS NOT NEW."due_confirmed" OR OLD."round" IS NOT NEW."round" OR OLD."extended" IS NOT NEW."extended" OR OLD."chases" IS NOT NEW."chases" OR OLD."replied_on" IS NOT NEW."replied_on" OR OLD."reply" IS NOT NEW."reply" OR OLD."fed_back_on" IS NOT NEW."fed_back_on" OR OLD."satisfaction" IS NOT NEW."satisfaction" OR OLD."closed_on" IS NOT NEW."closed_on" OR OLD."note" IS NOT NEW."note" OR OLD."created_at" IS NOT NEW."created_at" OR OLD."first_referred_on" IS NOT NEW."first_referred_on" OR OLD."reply_class" IS NOT NEW."reply_class" OR OLD."promise_on" IS NOT NEW."promise_on" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', NEW."id", CASE WHEN NEW."activity_id" IS NULL THEN NULL ELSE 'activities:' || NEW."activity_id" END, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'activity_id', OLD."activity_id", 'station_id', OLD."station_id", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id", 'raiser_name', OLD."raiser_name", 'collected_on', OLD."collected_on", 'content', OLD."content", 'category', OLD."category", 'state', OLD."state", 'handling', OLD."handling", 'answer', OLD."answer", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'due_confirmed', OLD."due_confirmed", 'round', OLD."round", 'extended', OLD."extended", 'chases', OLD."chases", 'replied_on', OLD."replied_on", 'reply', OLD."reply", 'fed_back_on', OLD."fed_back_on", 'satisfaction', OLD."satisfaction", 'closed_on', OLD."closed_on", 'note', OLD."note", 'created_at', OLD."created_at", 'first_referred_on', OLD."first_referred_on", 'reply_class', OLD."reply_class", 'promise_on', OLD."promise_on"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'activity_id', NEW."activity_id", 'station_id', NEW."station_id", 'deputy_id', NEW."deputy_id", 'constituent_id', NEW."constituent_id", 'raiser_name', NEW."raiser_name", 'collected_on', NEW."collected_on", 'content', NEW."content", 'category', NEW."category", 'state', NEW."state", 'handling', NEW."handling", 'answer', NEW."answer", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'due_confirmed', NEW."due_confirmed", 'round', NEW."round", 'extended', NEW."extended", 'chases', NEW."chases", 'replied_on', NEW."replied_on", 'reply', NEW."reply", 'fed_back_on', NEW."fed_back_on", 'satisfaction', NEW."satisfaction", 'closed_on', NEW."closed_on", 'note', NEW."note", 'created_at', NEW."created_at", 'first_referred_on', NEW."first_referred_on", 'reply_class', NEW."reply_class", 'promise_on', NEW."promise_on"));
        END""",
    """CREATE TRIGGER "audit_suggestions_delete" AFTER DELETE ON "suggestions" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestions', OLD."id", CASE WHEN OLD."activity_id" IS NULL THEN NULL ELSE 'activities:' || OLD."activity_id" END, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'activity_id', OLD."activity_id", 'station_id', OLD."station_id", 'deputy_id', OLD."deputy_id", 'constituent_id', OLD."constituent_id", 'raiser_name', OLD."raiser_name", 'collected_on', OLD."collected_on", 'content', OLD."content", 'category', OLD."category", 'state', OLD."state", 'handling', OLD."handling", 'answer', OLD."answer", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'due_confirmed', OLD."due_confirmed", 'round', OLD."round", 'extended', OLD."extended", 'chases', OLD."chases", 'replied_on', OLD."replied_on", 'reply', OLD."reply", 'fed_back_on', OLD."fed_back_on", 'satisfaction', OLD."satisfaction", 'closed_on', OLD."closed_on", 'note', OLD."note", 'created_at', OLD."created_at", 'first_referred_on', OLD."first_referred_on", 'reply_class', OLD."reply_class", 'promise_on', OLD."promise_on"), NULL);
        END""",
    """CREATE TRIGGER "audit_suggestion_events_insert" AFTER INSERT ON "suggestion_events" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'kind', NEW."kind", 'on_date', NEW."on_date", 'actor', NEW."actor", 'department_id', NEW."department_id", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'satisfaction', NEW."satisfaction", 'note', NEW."note", 'created_at', NEW."created_at", 'reply_class', NEW."reply_class", 'promise_on', NEW."promise_on", 'chase_kind', NEW."chase_kind"));
        END""",
    """CREATE TRIGGER "audit_suggestion_events_update" AFTER UPDATE ON "suggestion_events" WHEN OLD."id" IS NOT NEW."id" OR OLD."suggestion_id" IS NOT NEW."suggestion_id" OR OLD."round" IS NOT NEW."round" OR OLD."kind" IS NOT NEW."kind" OR OLD."on_date" IS NOT NEW."on_date" OR OLD."actor" IS NOT NEW."actor" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."limit_workdays" IS NOT NEW."limit_workdays" OR OLD."due_on" IS NOT NEW."due_on" OR OLD."satisfaction" IS NOT NEW."satisfaction" OR OLD."note" IS NOT NEW."note" OR OLD."created_at" IS NOT NEW."created_at" OR OLD."reply_class" IS NOT NEW."reply_class" OR OLD."promise_on" IS NOT NEW."promise_on" OR OLD."chase_kind" IS NOT NEW."chase_kind" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'update',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'kind', OLD."kind", 'on_date', OLD."on_date", 'actor', OLD."actor", 'department_id', OLD."department_id", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'satisfaction', OLD."satisfaction", 'note', OLD."note", 'created_at', OLD."created_at", 'reply_class', OLD."reply_class", 'promise_on', OLD."promise_on", 'chase_kind', OLD."chase_kind"), json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'kind', NEW."kind", 'on_date', NEW."on_date", 'actor', NEW."actor", 'department_id', NEW."department_id", 'limit_workdays', NEW."limit_workdays", 'due_on', NEW."due_on", 'satisfaction', NEW."satisfaction", 'note', NEW."note", 'created_at', NEW."created_at", 'reply_class', NEW."reply_class", 'promise_on', NEW."promise_on", 'chase_kind', NEW."chase_kind"));
        END""",
    """CREATE TRIGGER "audit_suggestion_events_delete" AFTER DELETE ON "suggestion_events" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_events', OLD."id", CASE WHEN OLD."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || OLD."suggestion_id" END, 'delete',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'kind', OLD."kind", 'on_date', OLD."on_date", 'actor', OLD."actor", 'department_id', OLD."department_id", 'limit_workdays', OLD."limit_workdays", 'due_on', OLD."due_on", 'satisfaction', OLD."satisfaction", 'note', OLD."note", 'created_at', OLD."created_at", 'reply_class', OLD."reply_class", 'promise_on', OLD."promise_on", 'chase_kind', OLD."chase_kind"), NULL);
        END""",
    """CREATE TRIGGER "audit_suggestion_co_handlers_insert" AFTER INSERT ON "suggestion_co_handlers" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_co_handlers', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'replied_on', NEW."replied_on", 'opinion', NEW."opinion"));
        END""",
    """CREATE TRIGGER "audit_suggestion_co_handlers_update" AFTER UPDATE ON "suggestion_co_handlers" WHEN OLD."id" IS NOT NEW."id" OR OLD."suggestion_id" IS NOT NEW."suggestion_id" OR OLD."round" IS NOT NEW."round" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."referred_on" IS NOT NEW."referred_on" OR OLD."replied_on" IS NOT NEW."replied_on" OR OLD."opinion" IS NOT NEW."opinion" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_co_handlers', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'update',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'replied_on', OLD."replied_on", 'opinion', OLD."opinion"), json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'replied_on', NEW."replied_on", 'opinion', NEW."opinion"));
        END""",
    """CREATE TRIGGER "audit_suggestion_co_handlers_delete" AFTER DELETE ON "suggestion_co_handlers" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_co_handlers', OLD."id", CASE WHEN OLD."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || OLD."suggestion_id" END, 'delete',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'replied_on', OLD."replied_on", 'opinion', OLD."opinion"), NULL);
        END""",
    """CREATE TRIGGER "audit_suggestion_returns_insert" AFTER INSERT ON "suggestion_returns" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_returns', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'returned_on', NEW."returned_on", 'reason', NEW."reason", 'in_window', NEW."in_window", 'approved_by', NEW."approved_by", 'workdays_held', NEW."workdays_held"));
        END""",
    """CREATE TRIGGER "audit_suggestion_returns_update" AFTER UPDATE ON "suggestion_returns" WHEN OLD."id" IS NOT NEW."id" OR OLD."suggestion_id" IS NOT NEW."suggestion_id" OR OLD."round" IS NOT NEW."round" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."referred_on" IS NOT NEW."referred_on" OR OLD."returned_on" IS NOT NEW."returned_on" OR OLD."reason" IS NOT NEW."reason" OR OLD."in_window" IS NOT NEW."in_window" OR OLD."approved_by" IS NOT NEW."approved_by" OR OLD."workdays_held" IS NOT NEW."workdays_held" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_returns', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'update',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'returned_on', OLD."returned_on", 'reason', OLD."reason", 'in_window', OLD."in_window", 'approved_by', OLD."approved_by", 'workdays_held', OLD."workdays_held"), json_object('id', NEW."id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id", 'referred_on', NEW."referred_on", 'returned_on', NEW."returned_on", 'reason', NEW."reason", 'in_window', NEW."in_window", 'approved_by', NEW."approved_by", 'workdays_held', NEW."workdays_held"));
        END""",
    """CREATE TRIGGER "audit_suggestion_returns_delete" AFTER DELETE ON "suggestion_returns" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'suggestion_returns', OLD."id", CASE WHEN OLD."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || OLD."suggestion_id" END, 'delete',
                json_object('id', OLD."id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id", 'referred_on', OLD."referred_on", 'returned_on', OLD."returned_on", 'reason', OLD."reason", 'in_window', OLD."in_window", 'approved_by', OLD."approved_by", 'workdays_held', OLD."workdays_held"), NULL);
        END""",
)

# -- the exchange steps (issue 13): sites, global identity, change capture; see store/exchange_schema.py --

# global ids of the rows that exist when the step runs: origin NULL until `sl site set`
_UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
         "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")

_HLC = ("UPDATE _site SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000) "
        "WHERE id = 1;")

EXCHANGE_TABLES: tuple[str, ...] = (
    """CREATE TABLE _site (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('town', 'county', 'city')),
        county TEXT,
        incarnation TEXT NOT NULL,
        hlc INTEGER NOT NULL DEFAULT 0,
        applying INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE _peers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('town', 'county', 'city')),
        county TEXT,
        format INTEGER NOT NULL DEFAULT 1,
        salt TEXT,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        sent_seq INTEGER NOT NULL DEFAULT 0,
        received_seq INTEGER NOT NULL DEFAULT 0,
        received_incarnation TEXT,
        bundles_sent INTEGER NOT NULL DEFAULT 0,
        bundles_received INTEGER NOT NULL DEFAULT 0,
        last_sent_at TEXT,
        last_received_at TEXT
    )""",
    """CREATE TABLE _identity (
        tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        gid TEXT NOT NULL UNIQUE,
        origin TEXT,
        ref INTEGER,  -- the record's number at its origin: NANMA-0042 travels, local ids do not
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE _gid_alias (alias TEXT PRIMARY KEY, gid TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE _changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc INTEGER NOT NULL DEFAULT 0,
        site TEXT,
        UNIQUE (tbl, gid)
    )""",
    """CREATE TABLE _field_clocks (
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc INTEGER NOT NULL,
        site TEXT NOT NULL,
        PRIMARY KEY (tbl, gid, field)
    ) WITHOUT ROWID""",
    """CREATE TABLE _conflicts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
        peer TEXT NOT NULL,
        tbl TEXT NOT NULL,
        gid TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        UNIQUE (peer, tbl, gid, kind, detail)
    )""",
)

# table -> the columns whose edits are clocked field by field (frozen here, as the step ships them)
CLOCKED: dict[str, tuple[str, ...]] = {
    "stations": ("county_id", "town_id", "parent_id", "kind", "name", "address", "has_premises", "has_equipment",
                 "has_rules", "has_funds", "schedule", "active"),
    "departments": ("county_id", "name", "kind", "contact", "active"),
    "deputies": ("county_id", "town_id", "station_id", "name", "sex", "phone", "work_unit", "levels", "active"),
    "members": ("county_id", "name", "post", "group_name", "phone", "active"),
    "constituents": ("county_id", "town_id", "name", "phone", "address", "active", "erased"),
    "activities": ("county_id", "station_id", "date", "kind", "topic", "summary", "group_name",
                   "extra_constituents", "rating_total", "rating_satisfied"),
    "suggestions": ("county_id", "activity_id", "station_id", "deputy_id", "constituent_id", "raiser_name",
                    "collected_on", "content", "category", "note"),
    "suggestion_events": (),
}

# link table -> (owner table, the owner's column, the pseudo-field of the owner that holds the set)
LINKS: dict[str, tuple[str, str, str]] = {
    "activity_deputies": ("activities", "activity_id", "_deputies"),
    "activity_members": ("activities", "activity_id", "_members"),
    "activity_constituents": ("activities", "activity_id", "_constituents"),
    "member_deputies": ("members", "member_id", "_deputies"),
    "deputy_constituents": ("deputies", "deputy_id", "_constituents"),
}


def _change(table: str, ref: str, field_rows: str) -> str:
    owner = f"(SELECT gid FROM _identity WHERE tbl = '{table}' AND row_id = {ref})"
    sql = (f"{_HLC}\n"
           f"INSERT OR REPLACE INTO _changes (tbl, gid, hlc, site) SELECT '{table}', {owner}, hlc, code "
           f"FROM _site WHERE id = 1;\n")
    if field_rows:
        sql += (f"INSERT OR REPLACE INTO _field_clocks (tbl, gid, field, hlc, site) "
                f"SELECT '{table}', {owner}, f.name, s.hlc, s.code FROM _site s, ({field_rows}) f WHERE s.id = 1;\n")
    return sql


def trigger_sql() -> list[str]:
    out = []
    local = "(SELECT applying FROM _site WHERE id = 1) = 0"
    for table, cols in CLOCKED.items():
        known = f"EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = NEW.id)"
        fields = " UNION ALL ".join(f"SELECT '{c}' AS name WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\"" for c in cols)
        if cols:
            out.append(f"CREATE TRIGGER xc_{table}_update AFTER UPDATE ON {table} WHEN {local} AND {known} BEGIN\n"
                       f"{_change(table, 'NEW.id', fields)}END")
        out.append(
            f"CREATE TRIGGER xc_{table}_delete AFTER DELETE ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id) BEGIN\n"
            f"{_HLC}\n"
            f"INSERT OR REPLACE INTO _changes (tbl, gid, deleted, hlc, site) SELECT '{table}', i.gid, 1, s.hlc, s.code "
            f"FROM _identity i, _site s WHERE i.tbl = '{table}' AND i.row_id = OLD.id AND s.id = 1 AND s.applying = 0;\n"
            f"DELETE FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id;\nEND")
    for link, (owner, column, pseudo) in LINKS.items():
        for action, ref in (("insert", "NEW"), ("delete", "OLD")):
            known = f"EXISTS (SELECT 1 FROM _identity WHERE tbl = '{owner}' AND row_id = {ref}.{column})"
            out.append(
                f"CREATE TRIGGER xc_{link}_{action} AFTER {action.upper()} ON {link} WHEN {local} AND {known} BEGIN\n"
                f"{_change(owner, f'{ref}.{column}', f'SELECT {pseudo!r} AS name')}END")
    return out


def exchange_identity(db) -> None:
    for sql in EXCHANGE_TABLES:
        db.execute(sql)
    db.execute("CREATE INDEX idx_identity_ref ON _identity(tbl, origin, ref)")
    for table in CLOCKED:
        db.execute(f"INSERT INTO _identity (tbl, row_id, gid, ref) SELECT '{table}', id, {_UUID}, id FROM {table}")
    for sql in trigger_sql():
        db.execute(sql)


DEPUTIES_WITH_PHONE = """CREATE TABLE deputies (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            station_id INTEGER REFERENCES stations(id),
            name TEXT NOT NULL CHECK (length(name) > 0),
            sex TEXT CHECK (sex IN ('男', '女')),
            phone TEXT NOT NULL DEFAULT '',
            work_unit TEXT NOT NULL DEFAULT '',
            levels TEXT NOT NULL DEFAULT '县',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            pinyin TEXT NOT NULL DEFAULT '', initials TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name, phone)
        )"""


# -- referral_desk_exchange: the referral desk's rows travel (frozen as the step ships them) --------------

# the desk's tables that travel -> the columns whose edits are clocked field by field
DESK_CLOCKED: dict[str, tuple[str, ...]] = {
    "suggestion_co_handlers": ("replied_on", "opinion"),
    "suggestion_returns": (),
}


def referral_desk_exchange(db) -> None:
    """The triggers that capture the desk's edits and deletions, built like the exchange_identity
    ones. The desk rows already here get their global id from the sweep (store/sites.py), with this
    site as origin and a change, so a file whose site is already set sends them too."""
    for table, cols in DESK_CLOCKED.items():
        local = "(SELECT applying FROM _site WHERE id = 1) = 0"
        known = f"EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = NEW.id)"
        fields = " UNION ALL ".join(f"SELECT '{c}' AS name WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\"" for c in cols)
        if cols:
            db.execute(f"CREATE TRIGGER xc_{table}_update AFTER UPDATE ON {table} WHEN {local} AND {known} BEGIN\n"
                       f"{_change(table, 'NEW.id', fields)}END")
        db.execute(
            f"CREATE TRIGGER xc_{table}_delete AFTER DELETE ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id) BEGIN\n"
            f"{_HLC}\n"
            f"INSERT OR REPLACE INTO _changes (tbl, gid, deleted, hlc, site) SELECT '{table}', i.gid, 1, s.hlc, s.code "
            f"FROM _identity i, _site s WHERE i.tbl = '{table}' AND i.row_id = OLD.id AND s.id = 1 AND s.applying = 0;\n"
            f"DELETE FROM _identity WHERE tbl = '{table}' AND row_id = OLD.id;\nEND")


# -- terms_of_office: terms (届次) of a county's or a town's congress and the seats deputies hold in them --

TERMS_TABLES: tuple[str, ...] = (
    """CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            town_id INTEGER REFERENCES towns(id),
            level TEXT NOT NULL CHECK (level IN ('县', '镇')),
            number INTEGER NOT NULL CHECK (number > 0),
            name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
            starts_on TEXT NOT NULL,
            ends_on TEXT,
            closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
            CHECK (ends_on IS NULL OR ends_on >= starts_on),
            CHECK ((level = '镇') = (town_id IS NOT NULL))
        )""",
    """CREATE TABLE seats (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id),
            deputy_id INTEGER NOT NULL REFERENCES deputies(id),
            starts_on TEXT NOT NULL,
            ends_on TEXT,
            CHECK (ends_on IS NULL OR ends_on >= starts_on),
            UNIQUE (term_id, deputy_id)
        )""",
    "CREATE INDEX idx_seats_deputy ON seats(deputy_id)",
    "CREATE INDEX idx_terms_congress ON terms(county_id, level, town_id, starts_on)",
)
TERMS_AUDIT_TRIGGERS: tuple[str, ...] = (
    """CREATE TRIGGER "audit_terms_insert" AFTER INSERT ON "terms" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'terms', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'level', NEW."level", 'number', NEW."number", 'name', NEW."name", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on", 'closed', NEW."closed"));
        END""",
    """CREATE TRIGGER "audit_terms_update" AFTER UPDATE ON "terms" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."town_id" IS NOT NEW."town_id" OR OLD."level" IS NOT NEW."level" OR OLD."number" IS NOT NEW."number" OR OLD."name" IS NOT NEW."name" OR OLD."starts_on" IS NOT NEW."starts_on" OR OLD."ends_on" IS NOT NEW."ends_on" OR OLD."closed" IS NOT NEW."closed" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'terms', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'level', OLD."level", 'number', OLD."number", 'name', OLD."name", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on", 'closed', OLD."closed"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'town_id', NEW."town_id", 'level', NEW."level", 'number', NEW."number", 'name', NEW."name", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on", 'closed', NEW."closed"));
        END""",
    """CREATE TRIGGER "audit_terms_delete" AFTER DELETE ON "terms" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'terms', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'town_id', OLD."town_id", 'level', OLD."level", 'number', OLD."number", 'name', OLD."name", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on", 'closed', OLD."closed"), NULL);
        END""",
    """CREATE TRIGGER "audit_seats_insert" AFTER INSERT ON "seats" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'seats', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'term_id', NEW."term_id", 'deputy_id', NEW."deputy_id", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on"));
        END""",
    """CREATE TRIGGER "audit_seats_update" AFTER UPDATE ON "seats" WHEN OLD."id" IS NOT NEW."id" OR OLD."term_id" IS NOT NEW."term_id" OR OLD."deputy_id" IS NOT NEW."deputy_id" OR OLD."starts_on" IS NOT NEW."starts_on" OR OLD."ends_on" IS NOT NEW."ends_on" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'seats', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'term_id', OLD."term_id", 'deputy_id', OLD."deputy_id", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on"), json_object('id', NEW."id", 'term_id', NEW."term_id", 'deputy_id', NEW."deputy_id", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on"));
        END""",
    """CREATE TRIGGER "audit_seats_delete" AFTER DELETE ON "seats" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'seats', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'term_id', OLD."term_id", 'deputy_id', OLD."deputy_id", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on"), NULL);
        END""",
)


# --- duty_rota (issue 16 item 1): deputies' absences and the duty rota, with their audit triggers
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


# -- referral_slips: numbered referral slips (交办单, issue 15), frozen as the step ships them ----------
REFERRAL_SLIPS: tuple[str, ...] = (
    """CREATE TABLE referral_slips (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            number TEXT NOT NULL CHECK (length(number) > 0),
            department_id INTEGER NOT NULL REFERENCES departments(id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
            written_on TEXT NOT NULL,
            UNIQUE (county_id, year, seq)
        )""",
    """CREATE TABLE referral_slip_items (
            id INTEGER PRIMARY KEY,
            slip_id INTEGER NOT NULL REFERENCES referral_slips(id),
            suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
            round INTEGER NOT NULL,
            department_id INTEGER NOT NULL REFERENCES departments(id),
            UNIQUE (suggestion_id, round, department_id)
        )""",
    "CREATE INDEX idx_referral_slip_items_slip ON referral_slip_items(slip_id)",
    """CREATE TRIGGER "audit_referral_slips_insert" AFTER INSERT ON "referral_slips" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slips', NEW."id", NULL, 'insert',
                NULL, json_object('id', NEW."id", 'county_id', NEW."county_id", 'year', NEW."year", 'seq', NEW."seq", 'number', NEW."number", 'department_id', NEW."department_id", 'role', NEW."role", 'written_on', NEW."written_on"));
        END""",
    """CREATE TRIGGER "audit_referral_slips_update" AFTER UPDATE ON "referral_slips" WHEN OLD."id" IS NOT NEW."id" OR OLD."county_id" IS NOT NEW."county_id" OR OLD."year" IS NOT NEW."year" OR OLD."seq" IS NOT NEW."seq" OR OLD."number" IS NOT NEW."number" OR OLD."department_id" IS NOT NEW."department_id" OR OLD."role" IS NOT NEW."role" OR OLD."written_on" IS NOT NEW."written_on" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slips', NEW."id", NULL, 'update',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'year', OLD."year", 'seq', OLD."seq", 'number', OLD."number", 'department_id', OLD."department_id", 'role', OLD."role", 'written_on', OLD."written_on"), json_object('id', NEW."id", 'county_id', NEW."county_id", 'year', NEW."year", 'seq', NEW."seq", 'number', NEW."number", 'department_id', NEW."department_id", 'role', NEW."role", 'written_on', NEW."written_on"));
        END""",
    """CREATE TRIGGER "audit_referral_slips_delete" AFTER DELETE ON "referral_slips" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slips', OLD."id", NULL, 'delete',
                json_object('id', OLD."id", 'county_id', OLD."county_id", 'year', OLD."year", 'seq', OLD."seq", 'number', OLD."number", 'department_id', OLD."department_id", 'role', OLD."role", 'written_on', OLD."written_on"), NULL);
        END""",
    """CREATE TRIGGER "audit_referral_slip_items_insert" AFTER INSERT ON "referral_slip_items" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slip_items', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'insert',
                NULL, json_object('id', NEW."id", 'slip_id', NEW."slip_id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id"));
        END""",
    """CREATE TRIGGER "audit_referral_slip_items_update" AFTER UPDATE ON "referral_slip_items" WHEN OLD."id" IS NOT NEW."id" OR OLD."slip_id" IS NOT NEW."slip_id" OR OLD."suggestion_id" IS NOT NEW."suggestion_id" OR OLD."round" IS NOT NEW."round" OR OLD."department_id" IS NOT NEW."department_id" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slip_items', NEW."id", CASE WHEN NEW."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || NEW."suggestion_id" END, 'update',
                json_object('id', OLD."id", 'slip_id', OLD."slip_id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id"), json_object('id', NEW."id", 'slip_id', NEW."slip_id", 'suggestion_id', NEW."suggestion_id", 'round', NEW."round", 'department_id', NEW."department_id"));
        END""",
    """CREATE TRIGGER "audit_referral_slip_items_delete" AFTER DELETE ON "referral_slip_items" BEGIN
            INSERT INTO audit_log (operator, command, table_name, record_id, parent, action, before, after) VALUES ((SELECT operator FROM audit_context WHERE id = 1), (SELECT command FROM audit_context WHERE id = 1), 'referral_slip_items', OLD."id", CASE WHEN OLD."suggestion_id" IS NULL THEN NULL ELSE 'suggestions:' || OLD."suggestion_id" END, 'delete',
                json_object('id', OLD."id", 'slip_id', OLD."slip_id", 'suggestion_id', OLD."suggestion_id", 'round', OLD."round", 'department_id', OLD."department_id"), NULL);
        END""",
)
