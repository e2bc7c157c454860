// Package workertest runs the real worker handler over an in-memory SQLite
// database migrated with the same files as D1, for tests of the worker and of
// the CLI that talks to it.
package workertest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alwaysbehelping/abh/worker"
	"github.com/alwaysbehelping/abh/worker/migrations"
	"github.com/alwaysbehelping/abh/worker/sqlstore"
	_ "modernc.org/sqlite"
)

// Tokens seeded by Open: team "demo" and team "other".
const (
	DemoToken  = "demo-token"
	OtherToken = "other-token"
)

var dbSeq atomic.Int64

// OpenDB opens a fresh migrated in-memory SQLite database. When file is
// true it is a temporary file with several connections (for concurrency
// tests) instead.
func OpenDB(t testing.TB, file bool) *sql.DB {
	t.Helper()
	var dsn string
	if file {
		dsn = "file:" + t.TempDir() + "/worker.db?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)"
	} else {
		dsn = fmt.Sprintf("file:mem%d?mode=memory&_pragma=foreign_keys(1)", dbSeq.Add(1))
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !file {
		// One connection keeps the in-memory database alive and shared.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
	}
	t.Cleanup(func() { db.Close() })
	if err := migrations.Apply(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// Seed creates teams "demo" and "other" with DemoToken and OtherToken.
func Seed(t testing.TB, st *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for _, x := range []struct{ team, token string }{{"demo", DemoToken}, {"other", OtherToken}} {
		if err := st.CreateTeam(ctx, x.team, x.team, now); err != nil {
			t.Fatal(err)
		}
		if err := st.SetToken(ctx, x.team+"-lead", x.team, "team lead", x.token, now); err != nil {
			t.Fatal(err)
		}
	}
}

// New returns a seeded store and the handler over it.
func New(t testing.TB, opt worker.Options) (*sqlstore.Store, *sql.DB, *httptest.Server) {
	t.Helper()
	db := OpenDB(t, false)
	st := sqlstore.New(db)
	Seed(t, st)
	if opt.Logf == nil {
		opt.Logf = t.Logf
	}
	srv := httptest.NewServer(worker.New(st, opt))
	t.Cleanup(srv.Close)
	return st, db, srv
}
