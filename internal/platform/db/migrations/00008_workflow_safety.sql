-- +goose Up
-- The workflow engine (platform/workflow): items of any type with a state, an assignee (a school,
-- a section or a person), a deadline in working days, the superior an overdue item escalates to,
-- the full history of events and the attachments; the working-day calendar years entered by the
-- system administrator. Then campus safety: hazards (安全隐患, each one workflow item of the same
-- id), the rectification deadline per severity, and inspection campaigns (专项检查) with their
-- target schools and results. Dates are 'YYYY-MM-DD' text, instants Unix milliseconds.

CREATE TABLE wf_items (
    district_code  TEXT NOT NULL,
    id             BIGINT NOT NULL,
    type           TEXT NOT NULL,
    state          TEXT NOT NULL,
    state_at       BIGINT NOT NULL,
    title          TEXT NOT NULL,
    school_id      BIGINT NOT NULL DEFAULT 0,
    zone_id        BIGINT NOT NULL DEFAULT 0,
    assignee_kind  TEXT NOT NULL,
    assignee_id    BIGINT NOT NULL DEFAULT 0,
    superior_kind  TEXT NOT NULL DEFAULT 'district',
    superior_id    BIGINT NOT NULL DEFAULT 0,
    start_on       TEXT NOT NULL,
    due_days       INTEGER NOT NULL DEFAULT 0,
    due_on         TEXT NOT NULL DEFAULT '',
    due_note       TEXT NOT NULL DEFAULT '',
    escalated_at   BIGINT NOT NULL DEFAULT 0,
    closed_at      BIGINT NOT NULL DEFAULT 0,
    closed_on      TEXT NOT NULL DEFAULT '',
    final_state    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (district_code, id)
);
CREATE INDEX wf_items_type_state ON wf_items (district_code, type, state);
CREATE INDEX wf_items_school ON wf_items (district_code, school_id);
CREATE INDEX wf_items_due ON wf_items (district_code, final_state, due_on);

CREATE TABLE wf_events (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    item_id       BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    actor_id      BIGINT NOT NULL DEFAULT 0,
    actor_name    TEXT NOT NULL DEFAULT '',
    actor_role    TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    from_state    TEXT NOT NULL DEFAULT '',
    to_state      TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, item_id) REFERENCES wf_items (district_code, id)
);
CREATE INDEX wf_events_item ON wf_events (district_code, item_id, at);

CREATE TABLE wf_attachments (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    item_id       BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    path          TEXT NOT NULL,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, item_id) REFERENCES wf_items (district_code, id)
);
CREATE INDEX wf_attachments_item ON wf_attachments (district_code, item_id);

CREATE TABLE wf_calendar_years (
    district_code TEXT NOT NULL,
    year          INTEGER NOT NULL,
    data          TEXT NOT NULL,
    updated_by    BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, year)
);

CREATE TABLE safety_campaigns (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    name          TEXT NOT NULL,
    checklist     TEXT NOT NULL DEFAULT '[]',
    start_on      TEXT NOT NULL,
    end_on        TEXT NOT NULL,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id)
);

CREATE TABLE safety_campaign_schools (
    district_code TEXT NOT NULL,
    campaign_id   BIGINT NOT NULL,
    school_id     BIGINT NOT NULL,
    checked_on    TEXT NOT NULL DEFAULT '',
    checked_by    BIGINT NOT NULL DEFAULT 0,
    checker_name  TEXT NOT NULL DEFAULT '',
    results       TEXT NOT NULL DEFAULT '[]',
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (district_code, campaign_id, school_id),
    FOREIGN KEY (district_code, campaign_id) REFERENCES safety_campaigns (district_code, id),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);

CREATE TABLE safety_hazards (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    school_id     BIGINT NOT NULL,
    source        TEXT NOT NULL,
    source_ref    TEXT NOT NULL DEFAULT '',
    campaign_id   BIGINT NOT NULL DEFAULT 0,
    category      TEXT NOT NULL,
    severity      TEXT NOT NULL,
    location      TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL,
    found_on      TEXT NOT NULL,
    reporter_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, id) REFERENCES wf_items (district_code, id),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);
CREATE INDEX safety_hazards_school ON safety_hazards (district_code, school_id, found_on);
CREATE INDEX safety_hazards_found ON safety_hazards (district_code, found_on);

CREATE TABLE safety_deadlines (
    district_code TEXT NOT NULL,
    severity      TEXT NOT NULL,
    workdays      INTEGER NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, severity)
);
