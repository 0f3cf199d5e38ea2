package registry

import (
	"context"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// bidxGuardianPhone is the blind-index kind of guardians' phones.
const bidxGuardianPhone = "guardian_phone"

// GuardianPhoneIndex is the blind index of a guardian's phone ("" when there is none).
func GuardianPhoneIndex(keys *pii.Keyring, phone string) string {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return ""
	}
	return keys.BlindIndex(bidxGuardianPhone, phone)
}

// StudentsOfGuardianPhone returns the IDs of the district's students one of whose guardians has
// this phone: the link between a parent's portal account and their children.
func StudentsOfGuardianPhone(ctx context.Context, q db.Querier, keys *pii.Keyring, district, phone string) ([]int64, error) {
	bidx := GuardianPhoneIndex(keys, phone)
	if bidx == "" {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT student_id FROM guardians WHERE district_code = ? AND phone_bidx = ? ORDER BY student_id`,
		district, bidx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// IndexGuardianPhones fills the blind index of guardians written before it existed and returns
// how many it indexed; it is run by the server at start and does nothing once all are indexed.
func (s *Service) IndexGuardianPhones(ctx context.Context) (int, error) {
	type row struct {
		district string
		id       int64
		bidx     string
	}
	// Per district, so that each lookup is a range of the (district_code, phone_bidx) index rather
	// than a scan of every guardian at every start.
	districts, err := s.DB.Strings(ctx, `SELECT DISTINCT district_code FROM schools`) // districts that may have guardians
	if err != nil {
		return 0, err
	}
	var todo []row
	for _, d := range districts {
		rows, err := s.DB.Read().Query(ctx, `SELECT id, phone_enc FROM guardians WHERE district_code = ? AND phone_bidx = '' AND phone_enc <> ''`, d)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			r := row{district: d}
			var enc string
			if err := rows.Scan(&r.id, &enc); err != nil {
				rows.Close()
				return 0, err
			}
			phone, err := s.Keys.Open(enc, ctxPhone)
			if err != nil {
				rows.Close()
				return 0, err
			}
			r.bidx = GuardianPhoneIndex(s.Keys, phone)
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		for _, r := range todo {
			if _, err := q.Exec(ctx, `UPDATE guardians SET phone_bidx = ? WHERE district_code = ? AND id = ?`, r.bidx, r.district, r.id); err != nil {
				return err
			}
		}
		return nil
	})
	return len(todo), err
}
