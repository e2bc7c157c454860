// Package sqlstore implements worker.Store over database/sql with plain SQL
// that runs unchanged on SQLite (native tests, modernc.org/sqlite) and on
// Cloudflare D1 (github.com/syumai/workers/cloudflare/d1). D1's driver has no
// transactions, so every write is a single statement: the next version number
// is computed inside the INSERT, a UNIQUE(team, pack, version) key turns a
// lost race into a retry, and the audit row comes from a trigger.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/alwaysbehelping/abh/worker"
)

// Store is a worker.Store over a *sql.DB migrated with worker/migrations.
type Store struct {
	db *sql.DB
}

var _ worker.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *sql.DB) *Store { return &Store{db: db} }

const timeFormat = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// CreateTeam adds a team if it does not exist yet.
func (s *Store) CreateTeam(ctx context.Context, id, name string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO teams (id, name, created_at) VALUES (?, ?, ?)`, id, name, formatTime(at))
	return err
}

// SetToken stores the hash of a team's publish token under id, replacing the
// token previously stored under that id.
func (s *Store) SetToken(ctx context.Context, id, team, label, token string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (id, team, label, hash, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET team = excluded.team, label = excluded.label, hash = excluded.hash, created_at = excluded.created_at`,
		id, team, label, worker.HashToken(token), formatTime(at))
	return err
}

// TokenByHash implements worker.Store.
func (s *Store) TokenByHash(ctx context.Context, hash string) (worker.Token, error) {
	var t worker.Token
	err := s.db.QueryRowContext(ctx, `SELECT id, team, label, hash FROM tokens WHERE hash = ?`, hash).Scan(&t.ID, &t.Team, &t.Label, &t.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return worker.Token{}, worker.ErrNotFound
	}
	return t, err
}

const versionCols = `version, sha256, size, published_at, published_by, action, COALESCE(rollback_of, 0)`

type scanner interface{ Scan(dest ...any) error }

func scanInfo(sc scanner, extra ...any) (worker.VersionInfo, error) {
	var v worker.VersionInfo
	var at string
	dest := append([]any{&v.Version, &v.SHA256, &v.Size, &at, &v.PublishedBy, &v.Action, &v.RollbackOf}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return v, err
	}
	v.PublishedAt = parseTime(at)
	return v, nil
}

func (s *Store) oneVersion(ctx context.Context, query string, args ...any) (worker.Version, error) {
	var data string
	info, err := scanInfo(s.db.QueryRowContext(ctx, query, args...), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return worker.Version{}, worker.ErrNotFound
	}
	if err != nil {
		return worker.Version{}, err
	}
	return worker.Version{VersionInfo: info, Data: []byte(data)}, nil
}

// Latest implements worker.Store.
func (s *Store) Latest(ctx context.Context, team, pack string) (worker.Version, error) {
	return s.oneVersion(ctx, `SELECT `+versionCols+`, data FROM versions WHERE team = ? AND pack = ? ORDER BY version DESC LIMIT 1`, team, pack)
}

// Version implements worker.Store.
func (s *Store) Version(ctx context.Context, team, pack string, n int) (worker.Version, error) {
	return s.oneVersion(ctx, `SELECT `+versionCols+`, data FROM versions WHERE team = ? AND pack = ? AND version = ?`, team, pack, n)
}

// History implements worker.Store.
func (s *Store) History(ctx context.Context, team, pack string) ([]worker.VersionInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionCols+` FROM versions WHERE team = ? AND pack = ? ORDER BY version DESC`, team, pack)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []worker.VersionInfo
	for rows.Next() {
		v, err := scanInfo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, worker.ErrNotFound
	}
	return out, nil
}

// insertReturning runs an INSERT … RETURNING that yields at most one row,
// retrying when a concurrent writer took the same version number.
func (s *Store) insertReturning(ctx context.Context, query string, args ...any) (worker.VersionInfo, error) {
	var lastErr error
	for attempt := 0; attempt < 8; attempt++ {
		info, err := s.insertOnce(ctx, query, args...)
		if err == nil || errors.Is(err, worker.ErrNotFound) || !isConflict(err) {
			return info, err
		}
		lastErr = err
	}
	return worker.VersionInfo{}, fmt.Errorf("publishing kept colliding with concurrent publishes: %w", lastErr)
}

func (s *Store) insertOnce(ctx context.Context, query string, args ...any) (worker.VersionInfo, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return worker.VersionInfo{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return worker.VersionInfo{}, err
		}
		return worker.VersionInfo{}, worker.ErrNotFound
	}
	info, err := scanInfo(rows)
	if err != nil {
		return info, err
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		return worker.VersionInfo{}, err
	}
	return info, rows.Close()
}

func isConflict(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}

// Publish implements worker.Store: one INSERT computes the next version.
func (s *Store) Publish(ctx context.Context, p worker.Publication) (worker.VersionInfo, error) {
	return s.insertReturning(ctx, `INSERT INTO versions (team, pack, version, data, sha256, size, published_at, published_by, action, rollback_of)
		SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, 'publish', NULL
		FROM versions WHERE team = ? AND pack = ?
		RETURNING `+versionCols,
		p.Team, p.Pack, string(p.Data), p.SHA256, len(p.Data), formatTime(p.At), p.Actor, p.Team, p.Pack)
}

// Rollback implements worker.Store: one INSERT copies version n as the next
// version.
func (s *Store) Rollback(ctx context.Context, team, pack string, n int, actor string, at time.Time) (worker.VersionInfo, error) {
	return s.insertReturning(ctx, `INSERT INTO versions (team, pack, version, data, sha256, size, published_at, published_by, action, rollback_of)
		SELECT team, pack, (SELECT MAX(version) + 1 FROM versions WHERE team = ? AND pack = ?), data, sha256, size, ?, ?, 'rollback', version
		FROM versions WHERE team = ? AND pack = ? AND version = ?
		RETURNING `+versionCols,
		team, pack, formatTime(at), actor, team, pack, n)
}

// AuditRow is one row of the audit log.
type AuditRow struct {
	Team, Pack string
	Version    int
	Action     string
	Actor      string
	SHA256     string
	At         time.Time
}

// Audit returns the audit log of a pack, oldest first.
func (s *Store) Audit(ctx context.Context, team, pack string) ([]AuditRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT team, pack, version, action, actor, sha256, at FROM audit WHERE team = ? AND pack = ? ORDER BY id`, team, pack)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRow
	for rows.Next() {
		var a AuditRow
		var at string
		if err := rows.Scan(&a.Team, &a.Pack, &a.Version, &a.Action, &a.Actor, &a.SHA256, &at); err != nil {
			return nil, err
		}
		a.At = parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
