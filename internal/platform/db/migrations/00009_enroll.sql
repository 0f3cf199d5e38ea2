-- +goose Up
-- Enrollment (招生入学): campaigns with their published policy versions and per-school plans,
-- catchment texts per school, parents' applications (personal fields sealed, *_enc, with keyed
-- blind indexes, *_bidx), documents, review decisions and the 递补 actions after the draw.
-- Dates of the schedule are 'YYYY-MM-DD' text; instants are Unix milliseconds.

CREATE TABLE enroll_campaigns (
    district_code  TEXT NOT NULL,
    id             BIGINT NOT NULL,
    year           INTEGER NOT NULL,
    stage          TEXT NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft',
    version        INTEGER NOT NULL DEFAULT 0,
    policy         TEXT NOT NULL,
    list_csv       TEXT NOT NULL DEFAULT '',
    plan_csv       TEXT NOT NULL DEFAULT '',
    list_hash      TEXT NOT NULL DEFAULT '',
    seed           TEXT NOT NULL DEFAULT '',
    result_hash    TEXT NOT NULL DEFAULT '',
    frozen_at      BIGINT NOT NULL DEFAULT 0,
    drawn_at       BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, year, stage)
);

CREATE TABLE enroll_campaign_versions (
    district_code  TEXT NOT NULL,
    campaign_id    BIGINT NOT NULL,
    version        INTEGER NOT NULL,
    policy         TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    published_at   BIGINT NOT NULL,
    PRIMARY KEY (district_code, campaign_id, version),
    FOREIGN KEY (district_code, campaign_id) REFERENCES enroll_campaigns (district_code, id)
);

CREATE TABLE enroll_catchments (
    district_code  TEXT NOT NULL,
    school_id      BIGINT NOT NULL,
    text           TEXT NOT NULL,
    updated_by     TEXT NOT NULL DEFAULT '',
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (district_code, school_id),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);

CREATE TABLE enroll_applications (
    district_code     TEXT NOT NULL,
    id                BIGINT NOT NULL,
    campaign_id       BIGINT NOT NULL,
    parent_id         BIGINT NOT NULL,
    child_name        TEXT NOT NULL,
    child_bidx        TEXT NOT NULL,
    child_id_enc      TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    sex               TEXT NOT NULL,
    details_enc       TEXT NOT NULL,
    property_bidx     TEXT NOT NULL DEFAULT '',
    catchment         TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL,
    migrant           BOOLEAN NOT NULL DEFAULT FALSE,
    choices           TEXT NOT NULL,
    review_school_id  BIGINT NOT NULL,
    status            TEXT NOT NULL,
    checks            TEXT NOT NULL DEFAULT '',
    review_reason     TEXT NOT NULL DEFAULT '',
    result_school_id  BIGINT NOT NULL DEFAULT 0,
    result_rank       INTEGER NOT NULL DEFAULT 0,
    result_status     TEXT NOT NULL DEFAULT '',
    lottery           TEXT NOT NULL DEFAULT '',
    submitted_at      BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, campaign_id, child_bidx),
    FOREIGN KEY (district_code, campaign_id) REFERENCES enroll_campaigns (district_code, id)
);
CREATE INDEX enroll_applications_parent ON enroll_applications (district_code, parent_id);
CREATE INDEX enroll_applications_queue ON enroll_applications (district_code, campaign_id, status, review_school_id);
CREATE INDEX enroll_applications_property ON enroll_applications (district_code, property_bidx);

CREATE TABLE enroll_documents (
    district_code   TEXT NOT NULL,
    id              BIGINT NOT NULL,
    application_id  BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    filename        TEXT NOT NULL,
    mime            TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    content_enc     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, application_id) REFERENCES enroll_applications (district_code, id)
);
CREATE INDEX enroll_documents_application ON enroll_documents (district_code, application_id);

CREATE TABLE enroll_reviews (
    district_code   TEXT NOT NULL,
    id              BIGINT NOT NULL,
    application_id  BIGINT NOT NULL,
    decision        TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    reviewer        TEXT NOT NULL,
    at              BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, application_id) REFERENCES enroll_applications (district_code, id)
);
CREATE INDEX enroll_reviews_application ON enroll_reviews (district_code, application_id);

CREATE TABLE enroll_waitlist_actions (
    district_code   TEXT NOT NULL,
    campaign_id     BIGINT NOT NULL,
    seq             INTEGER NOT NULL,
    action          TEXT NOT NULL,
    applicant       TEXT NOT NULL,
    actor           TEXT NOT NULL,
    at              BIGINT NOT NULL,
    PRIMARY KEY (district_code, campaign_id, seq),
    FOREIGN KEY (district_code, campaign_id) REFERENCES enroll_campaigns (district_code, id)
);
