-- +goose Up
-- A keyed blind index of each guardian's phone, so that a parent account (whose phone is a
-- guardian's) finds its children by an exact lookup instead of decrypting every guardian.
-- Existing rows are indexed by the server at start (registry.IndexGuardianPhones).
ALTER TABLE guardians ADD COLUMN phone_bidx TEXT NOT NULL DEFAULT '';
CREATE INDEX guardians_phone ON guardians (district_code, phone_bidx);
