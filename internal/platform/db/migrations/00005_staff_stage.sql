-- +goose Up
-- The stage (学段) a member of staff works in, so that the primary and junior parts of a
-- 九年一贯制 school can be evaluated separately: kindergarten, primary, junior, senior, vocational, special.
ALTER TABLE staff ADD COLUMN stage TEXT NOT NULL DEFAULT '';
