-- +goose Up
-- Supervision indicators (督导评估): the district's own indicator sets (省级加码 and 区县 sets on top
-- of the national ones, which live in code), the resident population aged 3–5 for 毛入园率, manual
-- 政府保障程度 entries with their evidence, the 编制 ratios, and saved what-if plans.

CREATE TABLE indicator_sets (
    district_code TEXT NOT NULL,
    id            TEXT NOT NULL,
    base          TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT 'district',
    name          TEXT NOT NULL,
    body          TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id)
);

CREATE TABLE indicator_population (
    district_code TEXT NOT NULL,
    year          INTEGER NOT NULL,
    children_3_5  INTEGER NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, year)
);

CREATE TABLE indicator_manual (
    district_code TEXT NOT NULL,
    year          INTEGER NOT NULL,
    item          TEXT NOT NULL,
    met           BOOLEAN NOT NULL,
    value         TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    file_data     TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, year, item)
);

CREATE TABLE indicator_staff_config (
    district_code TEXT NOT NULL,
    body          TEXT NOT NULL,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code)
);

CREATE TABLE indicator_plans (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    year          INTEGER NOT NULL,
    set_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    changes       TEXT NOT NULL,
    author_id     BIGINT NOT NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, id)
);
CREATE INDEX indicator_plans_year ON indicator_plans (district_code, year, created_at);

-- The indicators count enrolled students per class in one pass over this index (a covering index:
-- no table lookups for 1,500,000 students); those without a class are its front, per school and grade.
-- It also serves the registry's class sizes (students of one class with status 在读), which the
-- work reports read for every class of the district.
CREATE INDEX students_enrolled_classes ON students (district_code, status, class_id, school_id, grade);

-- The indicators sum serving staff per school and 学段 from this index alone.
CREATE INDEX staff_serving_indicators ON staff (district_code, status, school_id, stage, post, education, backbone,
    teacher_cert, training_hours, on_payroll, subjects);
