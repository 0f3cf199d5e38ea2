package db

import (
	"context"
	"fmt"
	"sort"
)

// keyIndex is a primary key or unique constraint with its columns.
type keyIndex struct {
	name    string
	primary bool
	columns []string
}

// ShardingProblems walks the schema and lists every table that cannot be distributed by district:
// a table without district_code, without a primary key, or with a primary key or unique constraint
// that leaves district_code out. Tables in ReferenceTables are exempt.
func (d *DB) ShardingProblems(ctx context.Context) ([]string, error) {
	tables, err := d.tables(ctx)
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, t := range tables {
		if ReferenceTables[t] {
			continue
		}
		cols, keys, err := d.tableKeys(ctx, t)
		if err != nil {
			return nil, err
		}
		if !cols["district_code"] {
			problems = append(problems, fmt.Sprintf("%s: 缺少 district_code 列", t))
			continue
		}
		hasPK := false
		for _, k := range keys {
			hasPK = hasPK || k.primary
			if !contains(k.columns, "district_code") {
				problems = append(problems, fmt.Sprintf("%s: 键 %s (%v) 不含 district_code", t, k.name, k.columns))
			}
		}
		if !hasPK {
			problems = append(problems, fmt.Sprintf("%s: 缺少主键", t))
		}
	}
	sort.Strings(problems)
	return problems, nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (d *DB) tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d.Dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return d.Strings(ctx, q)
}

// Strings runs a read query whose rows are one text column and returns the values.
func (d *DB) Strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := d.Read().Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (d *DB) tableKeys(ctx context.Context, table string) (map[string]bool, []keyIndex, error) {
	if d.Dialect == Postgres {
		return d.pgTableKeys(ctx, table)
	}
	return d.sqliteTableKeys(ctx, table)
}

func (d *DB) sqliteTableKeys(ctx context.Context, table string) (map[string]bool, []keyIndex, error) {
	cols := map[string]bool{}
	pk := keyIndex{name: "PRIMARY KEY", primary: true}
	rows, err := d.Read().Query(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY pk`, table)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var name string
		var pos int
		if err := rows.Scan(&name, &pos); err != nil {
			rows.Close()
			return nil, nil, err
		}
		cols[name] = true
		if pos > 0 {
			pk.columns = append(pk.columns, name)
		}
	}
	rows.Close()
	var keys []keyIndex
	if len(pk.columns) > 0 {
		keys = append(keys, pk)
	}
	idx, err := d.Strings(ctx, `SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk'`, table)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range idx {
		c, err := d.Strings(ctx, `SELECT name FROM pragma_index_info(?)`, name)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, keyIndex{name: name, columns: c})
	}
	return cols, keys, nil
}

func (d *DB) pgTableKeys(ctx context.Context, table string) (map[string]bool, []keyIndex, error) {
	names, err := d.Strings(ctx, `SELECT column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = ?`, table)
	if err != nil {
		return nil, nil, err
	}
	cols := map[string]bool{}
	for _, n := range names {
		cols[n] = true
	}
	rows, err := d.Read().Query(ctx, `SELECT i.relname, ix.indisprimary, a.attname
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey)
WHERE n.nspname = current_schema() AND t.relname = ? AND ix.indisunique
ORDER BY i.relname`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byName := map[string]*keyIndex{}
	var order []string
	for rows.Next() {
		var idx, col string
		var primary bool
		if err := rows.Scan(&idx, &primary, &col); err != nil {
			return nil, nil, err
		}
		k, ok := byName[idx]
		if !ok {
			k = &keyIndex{name: idx, primary: primary}
			byName[idx] = k
			order = append(order, idx)
		}
		k.columns = append(k.columns, col)
	}
	keys := make([]keyIndex, 0, len(order))
	for _, n := range order {
		keys = append(keys, *byName[n])
	}
	return cols, keys, rows.Err()
}
