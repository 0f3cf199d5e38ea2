-- +goose Up
-- Student fitness (《国家学生体质健康标准（2014年修订）》): one row per student, school year and
-- attempt (1 the test, 2 its 补测). The raw measures (v_*) and the computed scores (s_*, tenths for
-- BMI, 标准分 and 学年总分) are kept so that statistics aggregate stored scores; `standing` marks
-- the attempt that counts for the year. The exemption reason (a medical matter) is encrypted
-- (exempt_reason_enc); see docs/decisions.md.

CREATE TABLE fitness_results (
    district_code        TEXT NOT NULL,
    id                   BIGINT NOT NULL,
    student_id           BIGINT NOT NULL,
    school_year          INTEGER NOT NULL,
    attempt              INTEGER NOT NULL DEFAULT 1,
    standing             BOOLEAN NOT NULL DEFAULT TRUE,
    school_id            BIGINT NOT NULL,
    class_id             BIGINT,
    grade                INTEGER NOT NULL,
    sex                  TEXT NOT NULL,
    tested_on            TEXT NOT NULL DEFAULT '',
    v_height             DOUBLE PRECISION,
    v_weight             DOUBLE PRECISION,
    v_vital_capacity     DOUBLE PRECISION,
    v_run_50m            DOUBLE PRECISION,
    v_sit_and_reach      DOUBLE PRECISION,
    v_rope_skip_1min     DOUBLE PRECISION,
    v_sit_up_1min        DOUBLE PRECISION,
    v_run_50x8           DOUBLE PRECISION,
    v_standing_long_jump DOUBLE PRECISION,
    v_pull_up            DOUBLE PRECISION,
    v_run_800m           DOUBLE PRECISION,
    v_run_1000m          DOUBLE PRECISION,
    bmi                  INTEGER,
    bmi_category         TEXT NOT NULL DEFAULT '',
    s_bmi                INTEGER,
    s_vital_capacity     INTEGER,
    s_run_50m            INTEGER,
    s_sit_and_reach      INTEGER,
    s_rope_skip_1min     INTEGER,
    s_sit_up_1min        INTEGER,
    s_run_50x8           INTEGER,
    s_standing_long_jump INTEGER,
    s_pull_up            INTEGER,
    s_run_800m           INTEGER,
    s_run_1000m          INTEGER,
    bonus                INTEGER NOT NULL DEFAULT 0,
    standard_score       INTEGER,
    total_score          INTEGER,
    rating               TEXT NOT NULL,
    exempt               BOOLEAN NOT NULL DEFAULT FALSE,
    exempt_reason_enc    TEXT NOT NULL DEFAULT '',
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    updated_by           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, student_id, school_year, attempt),
    FOREIGN KEY (district_code, student_id) REFERENCES students (district_code, id) ON DELETE CASCADE,
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);
CREATE INDEX fitness_results_year ON fitness_results (district_code, school_year, standing, school_id);
CREATE INDEX fitness_results_class ON fitness_results (district_code, class_id, school_year);

-- Targets the bureau tracks against the figures, such as 合格率 ≥ 95%: metric is a rate key
-- (pass_rate, good_rate …), value a percentage, for one school year.
CREATE TABLE fitness_targets (
    district_code TEXT NOT NULL,
    school_year   INTEGER NOT NULL,
    metric        TEXT NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (district_code, school_year, metric)
);
