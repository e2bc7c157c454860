package worker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when a team, pack, version or token does
// not exist.
var ErrNotFound = errors.New("not found")

// Store keeps teams, their publish tokens, the append-only version history of
// every pack and the audit log. worker/sqlstore implements it over
// database/sql (SQLite natively, D1 on the Workers runtime).
type Store interface {
	// TokenByHash returns the publish token whose SHA-256 (hex) is hash, or
	// ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// Latest returns the newest version of a pack, or ErrNotFound.
	Latest(ctx context.Context, team, pack string) (Version, error)
	// Version returns version n of a pack, or ErrNotFound.
	Version(ctx context.Context, team, pack string, n int) (Version, error)
	// History lists every version of a pack, newest first; an unknown pack is
	// ErrNotFound.
	History(ctx context.Context, team, pack string) ([]VersionInfo, error)
	// Publish appends data as the next version of a pack and writes its audit
	// row. Concurrent publishes get distinct versions.
	Publish(ctx context.Context, p Publication) (VersionInfo, error)
	// Rollback appends a copy of version n as the next version (action
	// "rollback") and writes its audit row; ErrNotFound if n does not exist.
	Rollback(ctx context.Context, team, pack string, n int, actor string, at time.Time) (VersionInfo, error)
}

// Token is a team's publish token as stored: never the token itself, only
// its SHA-256.
type Token struct {
	ID    string
	Team  string
	Label string
	// Hash is the lower-case hex SHA-256 of the token.
	Hash string
}

// Actor names the token in audit rows and the version history.
func (t Token) Actor() string {
	if t.Label != "" {
		return "token:" + t.ID + " (" + t.Label + ")"
	}
	return "token:" + t.ID
}

// VersionInfo describes one version of a pack.
type VersionInfo struct {
	Version     int       `json:"version"`
	SHA256      string    `json:"sha256"`
	Size        int       `json:"size"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
	// Action is "publish" or "rollback".
	Action string `json:"action"`
	// RollbackOf is the version a rollback copied.
	RollbackOf int `json:"rollback_of,omitempty"`
}

// Version is a version with its compiled pack JSON, byte for byte as
// published.
type Version struct {
	VersionInfo
	Data []byte
}

// Publication is one publish request that passed validation.
type Publication struct {
	Team, Pack string
	Data       []byte
	SHA256     string
	Actor      string
	At         time.Time
}

// HashToken returns the lower-case hex SHA-256 of a publish token, the only
// form in which tokens are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
