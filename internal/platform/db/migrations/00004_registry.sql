-- +goose Up
-- The registry: campuses, dictionaries, classes, students with guardians and transfers, staff with
-- their school history, and facilities per school and year. Personal fields are stored encrypted
-- (*_enc) with keyed blind indexes (*_bidx) for exact lookups; dates are 'YYYY-MM-DD' text.

ALTER TABLE schools ADD COLUMN planned_classes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schools ADD COLUMN standard_class_size INTEGER NOT NULL DEFAULT 0;

CREATE TABLE campuses (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    school_id     BIGINT NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);

CREATE TABLE dictionaries (
    district_code TEXT NOT NULL,
    kind          TEXT NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    sort          INTEGER NOT NULL DEFAULT 0,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (district_code, kind, code)
);

CREATE TABLE classes (
    district_code   TEXT NOT NULL,
    id              BIGINT NOT NULL,
    school_id       BIGINT NOT NULL,
    school_year     INTEGER NOT NULL,
    grade           INTEGER NOT NULL,
    number          INTEGER NOT NULL,
    name            TEXT NOT NULL,
    head_teacher_id BIGINT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, school_id, school_year, grade, number),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);

CREATE TABLE students (
    district_code   TEXT NOT NULL,
    id              BIGINT NOT NULL,
    student_no      TEXT NOT NULL,
    name            TEXT NOT NULL,
    initials        TEXT NOT NULL DEFAULT '',
    sex             TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    id_enc          TEXT NOT NULL DEFAULT '',
    id_bidx         TEXT,
    ethnicity       TEXT NOT NULL DEFAULT '01',
    hukou_local     BOOLEAN NOT NULL DEFAULT TRUE,
    migrant         BOOLEAN NOT NULL DEFAULT FALSE,
    address_enc     TEXT NOT NULL DEFAULT '',
    school_id       BIGINT NOT NULL,
    grade           INTEGER NOT NULL,
    class_id        BIGINT,
    status          TEXT NOT NULL DEFAULT '在读',
    poor            BOOLEAN NOT NULL DEFAULT FALSE,
    dibao           BOOLEAN NOT NULL DEFAULT FALSE,
    tekun           BOOLEAN NOT NULL DEFAULT FALSE,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    disability_type TEXT NOT NULL DEFAULT '',
    left_behind     BOOLEAN NOT NULL DEFAULT FALSE,
    boarding        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, student_no),
    UNIQUE (district_code, id_bidx),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id),
    FOREIGN KEY (district_code, class_id) REFERENCES classes (district_code, id)
);
CREATE INDEX students_school ON students (district_code, school_id, grade, class_id, id);
CREATE INDEX students_status ON students (district_code, status, id);
CREATE INDEX students_initials ON students (district_code, initials);
CREATE INDEX students_name ON students (district_code, name);

CREATE TABLE guardians (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    student_id    BIGINT NOT NULL,
    name          TEXT NOT NULL,
    relation      TEXT NOT NULL,
    phone_enc     TEXT NOT NULL DEFAULT '',
    sort          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, student_id) REFERENCES students (district_code, id) ON DELETE CASCADE
);
CREATE INDEX guardians_student ON guardians (district_code, student_id);

CREATE TABLE student_events (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    student_id    BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    actor_id      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, student_id) REFERENCES students (district_code, id) ON DELETE CASCADE
);
CREATE INDEX student_events_student ON student_events (district_code, student_id, at);

CREATE TABLE transfers (
    district_code  TEXT NOT NULL,
    id             BIGINT NOT NULL,
    student_id     BIGINT NOT NULL,
    from_school_id BIGINT NOT NULL,
    to_school_id   BIGINT NOT NULL,
    to_grade       INTEGER NOT NULL,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    requested_by   BIGINT NOT NULL,
    requested_at   BIGINT NOT NULL,
    decided_by     BIGINT NOT NULL DEFAULT 0,
    decided_at     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, student_id) REFERENCES students (district_code, id)
);
CREATE INDEX transfers_to ON transfers (district_code, to_school_id, status);
CREATE INDEX transfers_from ON transfers (district_code, from_school_id, status);

CREATE TABLE staff (
    district_code    TEXT NOT NULL,
    id               BIGINT NOT NULL,
    staff_no         TEXT NOT NULL,
    name             TEXT NOT NULL,
    initials         TEXT NOT NULL DEFAULT '',
    sex              TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    id_enc           TEXT NOT NULL DEFAULT '',
    id_bidx          TEXT,
    political        TEXT NOT NULL DEFAULT '',
    education        TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    post             TEXT NOT NULL,
    subjects         TEXT NOT NULL DEFAULT '',
    backbone         TEXT NOT NULL DEFAULT '',
    on_payroll       BOOLEAN NOT NULL DEFAULT TRUE,
    teacher_cert     BOOLEAN NOT NULL DEFAULT FALSE,
    school_id        BIGINT NOT NULL,
    joined_school_on TEXT NOT NULL,
    training_hours   INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT '在职',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, staff_no),
    UNIQUE (district_code, id_bidx),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);
CREATE INDEX staff_school ON staff (district_code, school_id, post, id);
CREATE INDEX staff_initials ON staff (district_code, initials);
CREATE INDEX staff_name ON staff (district_code, name);

CREATE TABLE staff_history (
    district_code TEXT NOT NULL,
    id            BIGINT NOT NULL,
    staff_id      BIGINT NOT NULL,
    school_id     BIGINT NOT NULL,
    from_date     TEXT NOT NULL,
    to_date       TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, staff_id) REFERENCES staff (district_code, id) ON DELETE CASCADE
);
CREATE INDEX staff_history_staff ON staff_history (district_code, staff_id, from_date);

CREATE TABLE facilities (
    district_code    TEXT NOT NULL,
    school_id        BIGINT NOT NULL,
    year             INTEGER NOT NULL,
    teaching_area    DOUBLE PRECISION NOT NULL DEFAULT 0,
    admin_area       DOUBLE PRECISION NOT NULL DEFAULT 0,
    living_area      DOUBLE PRECISION NOT NULL DEFAULT 0,
    sports_area      DOUBLE PRECISION NOT NULL DEFAULT 0,
    equipment_value  DOUBLE PRECISION NOT NULL DEFAULT 0,
    books            INTEGER NOT NULL DEFAULT 0,
    computers        INTEGER NOT NULL DEFAULT 0,
    multimedia_rooms INTEGER NOT NULL DEFAULT 0,
    music_rooms      INTEGER NOT NULL DEFAULT 0,
    art_rooms        INTEGER NOT NULL DEFAULT 0,
    labs             INTEGER NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (district_code, school_id, year),
    FOREIGN KEY (district_code, school_id) REFERENCES schools (district_code, id)
);
