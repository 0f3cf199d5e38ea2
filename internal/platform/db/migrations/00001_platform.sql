-- +goose Up
-- Platform tables. Timestamps are Unix milliseconds (BIGINT); IDs come from db.NewID.
-- Every business table carries district_code (GB/T 2260) first in its primary key and unique keys.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    parent_code TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    district_code TEXT NOT NULL,
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, key)
);

CREATE TABLE zones (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    name          TEXT NOT NULL,
    sort          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, name)
);

CREATE TABLE sections (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    name          TEXT NOT NULL,
    sort          INTEGER NOT NULL DEFAULT 0,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, name)
);

CREATE TABLE schools (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL DEFAULT '',
    type          TEXT NOT NULL,
    nature        TEXT NOT NULL DEFAULT '公办',
    inclusive     BOOLEAN NOT NULL DEFAULT FALSE,
    urban         TEXT NOT NULL DEFAULT '城区',
    zone_id       BIGINT,
    street        TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    principal     TEXT NOT NULL DEFAULT '',
    group_name    TEXT NOT NULL DEFAULT '',
    group_lead    BOOLEAN NOT NULL DEFAULT FALSE,
    founded       INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'open',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, code),
    FOREIGN KEY (district_code, zone_id) REFERENCES zones (district_code, id)
);
CREATE INDEX schools_zone ON schools (district_code, zone_id);

CREATE TABLE users (
    district_code        TEXT NOT NULL,
    id                   BIGINT NOT NULL,
    username             TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL DEFAULT '',
    school_id            BIGINT,
    zone_id              BIGINT,
    section_id           BIGINT,
    phone_enc            TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,
    password_changed_at  BIGINT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT TRUE,
    totp_secret_enc      TEXT NOT NULL DEFAULT '',
    totp_enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step       BIGINT NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         BIGINT NOT NULL DEFAULT 0,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    last_login_at        BIGINT NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, username),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id),
    FOREIGN KEY (district_code, zone_id) REFERENCES zones (district_code, id),
    FOREIGN KEY (district_code, section_id) REFERENCES sections (district_code, id)
);
CREATE INDEX users_username ON users (username);

CREATE TABLE user_permissions (
    district_code TEXT NOT NULL,
    user_id       BIGINT NOT NULL,
    permission    TEXT NOT NULL,
    PRIMARY KEY (district_code, user_id, permission),
    FOREIGN KEY (district_code, user_id) REFERENCES users (district_code, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
    district_code TEXT NOT NULL,
    id            TEXT NOT NULL,
    user_id       BIGINT NOT NULL,
    stage         TEXT NOT NULL,
    csrf_token    TEXT NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, user_id) REFERENCES users (district_code, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (district_code, user_id);

CREATE TABLE audit_head (
    district_code TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (district_code)
);

CREATE TABLE audit_log (
    district_code TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    actor_id      BIGINT NOT NULL DEFAULT 0,
    actor_name    TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL DEFAULT '',
    object_id     TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (district_code, seq)
);
CREATE INDEX audit_log_at ON audit_log (district_code, at);
CREATE INDEX audit_log_actor ON audit_log (district_code, actor_id, at);

CREATE TABLE jobs (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    progress      INTEGER NOT NULL DEFAULT 0,
    message       TEXT NOT NULL DEFAULT '',
    params        TEXT NOT NULL DEFAULT '{}',
    result_path   TEXT NOT NULL DEFAULT '',
    result_name   TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT NOT NULL DEFAULT 0,
    finished_at   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id)
);
CREATE INDEX jobs_status ON jobs (status);
CREATE INDEX jobs_owner ON jobs (district_code, created_by, created_at);
