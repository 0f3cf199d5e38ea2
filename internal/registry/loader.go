package registry

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Loader writes many validated records inside one transaction with multi-row inserts: the path of
// Excel imports and of the demo generator. Records must have passed Validate first. Rows are
// flushed every loaderChunk records, parents before children, so foreign keys always hold.
type Loader struct {
	s                                  *Service
	district                           string
	now                                int64
	queued                             int
	students, guardians, events, staff *db.Batch
	history, facilities                *db.Batch
}

// loaderChunk is how many records are queued between flushes; the batches themselves are sized
// not to flush on their own before that.
const loaderChunk = 250

// NewLoader starts a loader on q (a transaction) for a district.
func (s *Service) NewLoader(q db.Querier, district string) *Loader {
	return &Loader{s: s, district: district, now: db.Now(),
		students:   db.NewBatch(q, "students", studentInsertCols, "", 1<<20),
		guardians:  db.NewBatch(q, "guardians", guardianCols, "", 1<<20),
		events:     db.NewBatch(q, "student_events", []string{"district_code", "id", "student_id", "at", "kind", "detail", "actor_id"}, "", 1<<20),
		staff:      db.NewBatch(q, "staff", staffInsertCols, "", 1<<20),
		history:    db.NewBatch(q, "staff_history", []string{"district_code", "id", "staff_id", "school_id", "from_date", "reason"}, "", 1<<20),
		facilities: db.NewBatch(q, "facilities", facilityCols, facilityUpsert, 1<<20),
	}
}

// Student queues a validated student with guardians and the first line of its history.
func (l *Loader) Student(ctx context.Context, in *StudentInput, actorID int64, note string) (int64, error) {
	sl, err := l.s.seal(in.IDNumber, in.Address)
	if err != nil {
		return 0, err
	}
	id := db.NewID()
	if err := l.students.Add(ctx, studentValues(l.district, id, in, sl, l.now)...); err != nil {
		return 0, err
	}
	if err := l.s.insertGuardians(ctx, l.guardians, l.district, id, in.Guardians); err != nil {
		return 0, err
	}
	if err := l.events.Add(ctx, l.district, db.NewID(), id, l.now, "create", note, actorID); err != nil {
		return 0, err
	}
	return id, l.counted(ctx)
}

func (l *Loader) counted(ctx context.Context) error {
	l.queued++
	if l.queued >= loaderChunk {
		return l.Flush(ctx)
	}
	return nil
}

// Staff queues a validated member of staff and opens their school history.
func (l *Loader) Staff(ctx context.Context, in *StaffInput) (int64, error) {
	sl, err := l.s.seal(in.IDNumber, "")
	if err != nil {
		return 0, err
	}
	id := db.NewID()
	if err := l.staff.Add(ctx, staffValues(l.district, id, in, sl, l.now)...); err != nil {
		return 0, err
	}
	if err := l.history.Add(ctx, l.district, db.NewID(), id, in.SchoolID, in.JoinedSchool, "入职"); err != nil {
		return 0, err
	}
	return id, l.counted(ctx)
}

// Facility queues a school's facilities for a year (replacing what was recorded).
func (l *Loader) Facility(ctx context.Context, f *Facility) error {
	if err := l.facilities.Add(ctx, facilityValues(l.district, f, l.now)...); err != nil {
		return err
	}
	return l.counted(ctx)
}

// Flush writes everything queued, parents before children.
func (l *Loader) Flush(ctx context.Context) error {
	l.queued = 0
	for _, b := range []*db.Batch{l.students, l.guardians, l.events, l.staff, l.history, l.facilities} {
		if err := b.Flush(ctx); err != nil {
			return fmt.Errorf("批量写入失败: %w", err)
		}
	}
	return nil
}
