-- +goose Up
-- 责任督学: the visit rule of each zone (片区), the inspectors' visit logs and their findings.
-- Inspectors are the users with role inspector; their zone is users.zone_id (set by the 安全管理员).
CREATE TABLE supervision_rules (
    district_code    TEXT NOT NULL,
    zone_id          BIGINT NOT NULL,
    inspector_min    INTEGER NOT NULL DEFAULT 1,
    inspector_period TEXT NOT NULL DEFAULT 'week',
    school_min       INTEGER NOT NULL DEFAULT 1,
    school_period    TEXT NOT NULL DEFAULT 'month',
    updated_by       BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (district_code, zone_id),
    FOREIGN KEY (district_code, zone_id) REFERENCES zones (district_code, id)
);

CREATE TABLE supervision_visits (
    district_code  TEXT NOT NULL,
    id             BIGINT NOT NULL,
    school_id      BIGINT NOT NULL,
    zone_id        BIGINT,
    inspector_id   BIGINT NOT NULL,
    inspector_name TEXT NOT NULL,
    visit_date     TEXT NOT NULL,
    items          TEXT NOT NULL DEFAULT '[]',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);
CREATE INDEX supervision_visits_date ON supervision_visits (district_code, visit_date);
CREATE INDEX supervision_visits_school ON supervision_visits (district_code, school_id, visit_date);
CREATE INDEX supervision_visits_inspector ON supervision_visits (district_code, inspector_id, visit_date);

CREATE TABLE supervision_findings (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    visit_id      BIGINT NOT NULL,
    seq           INTEGER NOT NULL,
    category      TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL,
    hazard_id     BIGINT,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, visit_id) REFERENCES supervision_visits (district_code, id) ON DELETE CASCADE
);
CREATE INDEX supervision_findings_visit ON supervision_findings (district_code, visit_id, seq);

-- 双随机一公开: the inspector pool (检查人员库), declared conflicts of interest, and the draws with
-- their frozen population files, seed, result and per-target inspection results.
CREATE TABLE supervision_pool (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    user_id       BIGINT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, code)
);

CREATE TABLE supervision_conflicts (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    pool_id       BIGINT NOT NULL,
    target_id     TEXT NOT NULL,
    target_name   TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    declared_by   BIGINT NOT NULL,
    declared_at   BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, pool_id, target_id),
    FOREIGN KEY (district_code, pool_id) REFERENCES supervision_pool (district_code, id)
);

CREATE TABLE supervision_draws (
    district_code   TEXT NOT NULL,
    id              BIGINT NOT NULL,
    title           TEXT NOT NULL,
    population      TEXT NOT NULL,
    filter          TEXT NOT NULL DEFAULT '',
    n               INTEGER NOT NULL,
    per_target      INTEGER NOT NULL,
    status          TEXT NOT NULL,
    targets_csv     TEXT NOT NULL,
    inspectors_csv  TEXT NOT NULL,
    conflicts_csv   TEXT NOT NULL,
    population_hash TEXT NOT NULL,
    seed            TEXT NOT NULL DEFAULT '',
    draw_csv        TEXT NOT NULL DEFAULT '',
    draw_hash       TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    announced_at    BIGINT NOT NULL DEFAULT 0,
    drawn_at        BIGINT NOT NULL DEFAULT 0,
    published_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id)
);
CREATE INDEX supervision_draws_status ON supervision_draws (district_code, status, created_at);

CREATE TABLE supervision_draw_targets (
    district_code   TEXT NOT NULL,
    draw_id         BIGINT NOT NULL,
    ord             INTEGER NOT NULL,
    target_id       TEXT NOT NULL,
    target_name     TEXT NOT NULL,
    school_id       BIGINT,
    inspector_ids   TEXT NOT NULL,
    inspector_names TEXT NOT NULL,
    conclusion      TEXT NOT NULL DEFAULT '',
    result          TEXT NOT NULL DEFAULT '',
    inspected_on    TEXT NOT NULL DEFAULT '',
    recorded_at     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, draw_id, ord),
    FOREIGN KEY (district_code, draw_id) REFERENCES supervision_draws (district_code, id) ON DELETE CASCADE
);
