// Package migrations holds the worker's SQL migrations: wrangler applies them
// to D1 (`wrangler d1 migrations apply`), and native tests apply the very
// same files to SQLite.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// FS holds the *.sql files, applied in name order.
//
//go:embed *.sql
var FS embed.FS

// Apply runs every migration file on db, in name order.
func Apply(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(FS, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := FS.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, string(data)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}
