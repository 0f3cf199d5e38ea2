package db

import (
	"sync"
	"time"
)

// idEpoch is the origin of generated IDs (2025-01-01 UTC).
var idEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

var ids struct {
	sync.Mutex
	ms  int64
	seq int64
}

// NewID returns a unique, time-ordered 53-bit ID (safe as a JavaScript number): milliseconds since
// 2025 shifted by 12 bits plus a per-millisecond sequence. IDs are unique within one process; a
// deployment with several writers gives each its own database or district.
func NewID() int64 {
	ids.Lock()
	defer ids.Unlock()
	now := time.Now().UnixMilli() - idEpoch
	if now <= ids.ms {
		ids.seq++
		if ids.seq >= 1<<12 {
			ids.ms++
			ids.seq = 0
		}
	} else {
		ids.ms, ids.seq = now, 0
	}
	return ids.ms<<12 | ids.seq
}

// Now is the current time in Unix milliseconds, the form every timestamp column stores.
func Now() int64 { return time.Now().UnixMilli() }

// Time converts a stored timestamp back to time.Time (zero for 0).
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// NullID stores an absent reference (0) as NULL so that foreign keys hold.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
