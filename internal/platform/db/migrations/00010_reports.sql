-- +goose Up
-- Work reports: each district's edited report templates (one per kind; the shipped default is used
-- while none is stored) and its work plans (one per period, the outline kept as JSON).

CREATE TABLE report_templates (
    district_code TEXT NOT NULL,
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL,
    updated_by    BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, kind)
);

CREATE TABLE report_plans (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    period        TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    updated_by    BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, period)
);
