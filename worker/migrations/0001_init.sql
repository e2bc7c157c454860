-- Always Be Helping edge worker: teams, publish tokens, packs, their
-- append-only version history and the audit log. Plain SQLite that D1 runs
-- as is (no transactions needed: every write is one statement, and the
-- audit row is written by a trigger inside that statement).

CREATE TABLE teams (
  id         TEXT PRIMARY KEY,          -- team name as in the URL, e.g. "demo"
  name       TEXT NOT NULL DEFAULT '',  -- display name
  created_at TEXT NOT NULL
);

-- Publish tokens are stored only as the lower-case hex SHA-256 of the token.
CREATE TABLE tokens (
  id         TEXT PRIMARY KEY,          -- short public id, used as the audit actor
  team       TEXT NOT NULL REFERENCES teams(id),
  label      TEXT NOT NULL DEFAULT '',
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE packs (
  team       TEXT NOT NULL REFERENCES teams(id),
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (team, name)
);

-- Every publish or rollback appends one row; rows are never updated.
CREATE TABLE versions (
  team         TEXT NOT NULL REFERENCES teams(id),
  pack         TEXT NOT NULL,
  version      INTEGER NOT NULL,
  data         TEXT NOT NULL,           -- the compiled pack JSON, byte for byte as published
  sha256       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  published_at TEXT NOT NULL,           -- RFC 3339, UTC
  published_by TEXT NOT NULL,           -- token actor
  action       TEXT NOT NULL CHECK (action IN ('publish', 'rollback')),
  rollback_of  INTEGER,                 -- the version a rollback copied
  PRIMARY KEY (team, pack, version)
);

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  team    TEXT NOT NULL,
  pack    TEXT NOT NULL,
  version INTEGER NOT NULL,
  action  TEXT NOT NULL,
  actor   TEXT NOT NULL,
  sha256  TEXT NOT NULL,
  at      TEXT NOT NULL
);

CREATE INDEX audit_by_pack ON audit (team, pack, id);

-- One audit row per new version, and the pack row on its first version,
-- written atomically with the version itself.
CREATE TRIGGER versions_after_insert AFTER INSERT ON versions
BEGIN
  INSERT OR IGNORE INTO packs (team, name, created_at) VALUES (NEW.team, NEW.pack, NEW.published_at);
  INSERT INTO audit (team, pack, version, action, actor, sha256, at)
    VALUES (NEW.team, NEW.pack, NEW.version, NEW.action, NEW.published_by, NEW.sha256, NEW.published_at);
END;

CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN
  SELECT RAISE(ABORT, 'versions are append-only');
END;

CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN
  SELECT RAISE(ABORT, 'versions are append-only');
END;
