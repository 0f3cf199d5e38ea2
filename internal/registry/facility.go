package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Facility is a school's 办学条件 for a year.
type Facility struct {
	SchoolID        int64     `json:"school_id"`
	Year            int       `json:"year"`
	TeachingArea    float64   `json:"teaching_area"`
	AdminArea       float64   `json:"admin_area"`
	LivingArea      float64   `json:"living_area"`
	SportsArea      float64   `json:"sports_area"`
	EquipmentValue  float64   `json:"equipment_value"`
	Books           int       `json:"books"`
	Computers       int       `json:"computers"`
	MultimediaRooms int       `json:"multimedia_rooms"`
	MusicRooms      int       `json:"music_rooms"`
	ArtRooms        int       `json:"art_rooms"`
	Labs            int       `json:"labs"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Validate checks that every figure is a plausible non-negative amount.
func (f *Facility) Validate() error {
	var fe errs.Fields
	for _, v := range []struct {
		field string
		n     float64
	}{{"teaching_area", f.TeachingArea}, {"admin_area", f.AdminArea}, {"living_area", f.LivingArea},
		{"sports_area", f.SportsArea}, {"equipment_value", f.EquipmentValue}, {"books", float64(f.Books)},
		{"computers", float64(f.Computers)}, {"multimedia_rooms", float64(f.MultimediaRooms)}, {"music_rooms", float64(f.MusicRooms)},
		{"art_rooms", float64(f.ArtRooms)}, {"labs", float64(f.Labs)}} {
		if v.n < 0 || v.n > 1e10 {
			fe.Add(v.field, "数值应为非负数")
		}
	}
	if f.Year < 2000 || f.Year > 2100 {
		fe.Add("year", "年度应为四位年份")
	}
	return fe.Err()
}

var facilityCols = []string{"district_code", "school_id", "year", "teaching_area", "admin_area", "living_area", "sports_area",
	"equipment_value", "books", "computers", "multimedia_rooms", "music_rooms", "art_rooms", "labs", "updated_at"}

const facilityUpsert = `ON CONFLICT (district_code, school_id, year) DO UPDATE SET teaching_area = excluded.teaching_area,
admin_area = excluded.admin_area, living_area = excluded.living_area, sports_area = excluded.sports_area,
equipment_value = excluded.equipment_value, books = excluded.books, computers = excluded.computers,
multimedia_rooms = excluded.multimedia_rooms, music_rooms = excluded.music_rooms, art_rooms = excluded.art_rooms,
labs = excluded.labs, updated_at = excluded.updated_at`

func facilityValues(district string, f *Facility, now int64) []any {
	return []any{district, f.SchoolID, f.Year, f.TeachingArea, f.AdminArea, f.LivingArea, f.SportsArea, f.EquipmentValue,
		f.Books, f.Computers, f.MultimediaRooms, f.MusicRooms, f.ArtRooms, f.Labs, now}
}

// GetFacility returns a school's facilities for a year (zeros when nothing is recorded).
func (s *Service) GetFacility(ctx context.Context, a Actor, schoolID int64, year int) (Facility, error) {
	if err := s.facilityAccess(ctx, a, access.RegistryRead, schoolID); err != nil {
		return Facility{}, err
	}
	f := Facility{SchoolID: schoolID, Year: year}
	var updated int64
	err := s.DB.Read().QueryRow(ctx, `SELECT teaching_area, admin_area, living_area, sports_area, equipment_value, books, computers,
multimedia_rooms, music_rooms, art_rooms, labs, updated_at FROM facilities WHERE district_code = ? AND school_id = ? AND year = ?`,
		a.P.District, schoolID, year).Scan(&f.TeachingArea, &f.AdminArea, &f.LivingArea, &f.SportsArea, &f.EquipmentValue, &f.Books,
		&f.Computers, &f.MultimediaRooms, &f.MusicRooms, &f.ArtRooms, &f.Labs, &updated)
	if err != nil && !db.IsNoRows(err) {
		return f, err
	}
	f.UpdatedAt = db.Time(updated)
	return f, nil
}

// PutFacility records a school's facilities for a year.
func (s *Service) PutFacility(ctx context.Context, a Actor, f Facility) (Facility, error) {
	if err := s.facilityAccess(ctx, a, access.RegistryWrite, f.SchoolID); err != nil {
		return Facility{}, err
	}
	if err := f.Validate(); err != nil {
		return Facility{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := db.NewBatch(q, "facilities", facilityCols, facilityUpsert, 1).Add(ctx, facilityValues(a.P.District, &f, db.Now())...); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("facility.update", "school", fmt.Sprint(f.SchoolID), fmt.Sprintf("%d 年办学条件", f.Year)))
	})
	if err != nil {
		return Facility{}, err
	}
	return s.GetFacility(ctx, a, f.SchoolID, f.Year)
}

func (s *Service) facilityAccess(ctx context.Context, a Actor, perm string, schoolID int64) error {
	if err := access.Require(a.P, perm); err != nil {
		return err
	}
	si, err := s.school(ctx, s.DB.Read(), a.P.District, schoolID)
	if err != nil {
		return errs.NotFoundf("学校")
	}
	return access.Decide(a.P, perm, si.object(a.P.District), "学校")
}
