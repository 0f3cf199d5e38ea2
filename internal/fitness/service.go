package fitness

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
	"github.com/edubureau/edubureau/internal/registry"
)

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (a Actor) entry(action, objType, id, detail string) audit.Entry {
	return audit.By(a.P, a.IP, action, objType, id, detail)
}

// Encryption context of the account's phone read for the guardian link, owned by accounts.
const (
	ctxUserPhone = "users.phone" // accounts.PhoneContext
)

// statsScope resolves the scope of a statistics request: school administrators see their own
// school only (asking for another is "not found"); district roles any school or zone.
func statsScope(p *access.Principal, schoolID, zoneID int64) (Scope, error) {
	if err := access.Require(p, access.FitnessRead); err != nil {
		return Scope{}, err
	}
	f := access.ListFilter(p)
	switch {
	case f.None:
		return Scope{}, deniedNotFound("学校")
	case f.SchoolID != 0:
		if schoolID != 0 && schoolID != f.SchoolID || zoneID != 0 {
			return Scope{}, deniedNotFound("学校")
		}
		return Scope{SchoolID: f.SchoolID}, nil
	case f.ZoneID != 0:
		if zoneID != 0 && zoneID != f.ZoneID {
			return Scope{}, deniedNotFound("片区")
		}
		return Scope{SchoolID: schoolID, ZoneID: f.ZoneID}, nil
	case f.OwnerID != 0:
		return Scope{}, deniedNotFound("学校")
	}
	return Scope{SchoolID: schoolID, ZoneID: zoneID}, nil
}

func deniedNotFound(what string) error {
	e := errs.NotFoundf(what)
	e.Denied = true
	return e
}

// Stats returns the statistics of a school year (0: the latest on record) within the caller's
// scope, optionally narrowed to a school or zone.
func (s *Service) Stats(ctx context.Context, a Actor, year int, schoolID, zoneID int64) (Stats, error) {
	sc, err := statsScope(a.P, schoolID, zoneID)
	if err != nil {
		return Stats{}, err
	}
	if sc.SchoolID != 0 {
		if _, err := s.schoolObject(ctx, a.P.District, sc.SchoolID); err != nil {
			return Stats{}, err
		}
	}
	if year == 0 {
		years, err := Years(ctx, s.DB.Read(), a.P.District)
		if err != nil {
			return Stats{}, err
		}
		year = s.currentYear()
		if len(years) > 0 {
			year = years[0]
		}
	}
	key := statsKey{a.P.District, year, sc}
	gen := s.gen.Load()
	if v, ok := s.cache.Load(key); ok {
		if c := v.(cachedStats); c.gen == gen && time.Since(c.at) < statsTTL {
			return c.st, nil
		}
	}
	st, err := ComputeStats(ctx, s.DB.Read(), a.P.District, year, sc)
	if err == nil {
		s.cache.Store(key, cachedStats{gen: gen, at: time.Now(), st: st})
	}
	return st, err
}

// Statistics are cached per district, year and scope for statsTTL, and dropped at once when
// this server writes results or targets (written invalidates by bumping gen); the TTL bounds
// staleness when another server instance writes to the same database.
const statsTTL = 2 * time.Minute

type statsKey struct {
	district string
	year     int
	sc       Scope
}

type cachedStats struct {
	gen int64
	at  time.Time
	st  Stats
}

// written drops the cached statistics after a write.
func (s *Service) written() { s.gen.Add(1) }

// schoolObject locates a school for the scope check.
func (s *Service) schoolObject(ctx context.Context, district string, id int64) (access.Object, error) {
	o := access.Object{District: district, SchoolID: id}
	err := s.DB.Read().QueryRow(ctx, `SELECT COALESCE(zone_id, 0) FROM schools WHERE district_code = ? AND id = ?`, district, id).Scan(&o.ZoneID)
	if db.IsNoRows(err) {
		return o, errs.NotFoundf("学校")
	}
	return o, err
}

// StudentInfo is the student a dossier is about.
type StudentInfo struct {
	ID         int64  `json:"id,string"`
	Name       string `json:"name"`
	StudentNo  string `json:"student_no"` // masked
	Sex        string `json:"sex"`
	BirthDate  string `json:"birth_date"`
	Grade      int    `json:"grade"`
	GradeName  string `json:"grade_name"`
	SchoolID   int64  `json:"school_id,string"`
	SchoolName string `json:"school_name"`
	ClassID    int64  `json:"class_id,string"`
	ClassName  string `json:"class_name"`
	zoneID     int64
}

func (s *Service) student(ctx context.Context, district string, id int64) (StudentInfo, error) {
	st := StudentInfo{ID: id}
	err := s.DB.Read().QueryRow(ctx, `SELECT st.name, st.student_no, st.sex, st.birth_date, st.grade, st.school_id, sc.name, COALESCE(sc.zone_id, 0),
COALESCE(st.class_id, 0), COALESCE(c.name, '')
FROM students st JOIN schools sc ON sc.district_code = st.district_code AND sc.id = st.school_id
LEFT JOIN classes c ON c.district_code = st.district_code AND c.id = st.class_id
WHERE st.district_code = ? AND st.id = ?`, district, id).Scan(&st.Name, &st.StudentNo, &st.Sex, &st.BirthDate, &st.Grade, &st.SchoolID,
		&st.SchoolName, &st.zoneID, &st.ClassID, &st.ClassName)
	if db.IsNoRows(err) {
		return st, errs.NotFoundf("学生")
	}
	st.StudentNo = pii.MaskStudentNo(st.StudentNo)
	st.GradeName = GradeName(st.Grade)
	return st, err
}

// canSeeStudent decides whether the caller may read a student's fitness record: FitnessRead
// within their scope, or a parent linked to the student as guardian (parents have no
// FitnessRead). revealReason says whether the exemption reason is shown: to parents of the
// child and to those who may write results for the student's school.
func (s *Service) canSeeStudent(ctx context.Context, p *access.Principal, st StudentInfo) (revealReason bool, err error) {
	if p != nil && p.Role == access.Parent {
		if err := access.Require(p, access.Portal); err != nil {
			return false, err
		}
		ok, err := s.isGuardian(ctx, p, st.ID)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, deniedNotFound("学生")
		}
		return true, nil
	}
	obj := access.Object{District: p.District, SchoolID: st.SchoolID, ZoneID: st.zoneID}
	if err := access.Decide(p, access.FitnessRead, obj, "学生"); err != nil {
		return false, err
	}
	return p.Can(access.FitnessWrite), nil
}

// Dossier is a student's 电子档案: every school year's result with the trend and advice on the
// weak items of the latest result.
type Dossier struct {
	Student StudentInfo `json:"student"`
	Records []Record    `json:"records"` // both attempts, oldest first
	Trend   []Point     `json:"trend"`   // the standing result of each year
	Advice  []Advice    `json:"advice"`
	// Change is the 学年总分 change from the previous year on record (nil with fewer than two
	// scored years); Direction is 上升, 下降 or 持平.
	Change    *float64 `json:"change"`
	Direction string   `json:"direction"`
	// Graduation is the 毕业成绩 (GraduationScore) when the latest scored year is a final grade
	// (六年级, 初三, 高三): that year's 学年总分 × 50% + the other years' mean × 50%.
	Graduation      *float64 `json:"graduation_score"`
	BelowGraduation bool     `json:"below_graduation_line"` // 高中 below 50.0: 结业或肄业
}

// Point is one school year of a student's trend.
type Point struct {
	SchoolYear int      `json:"school_year"`
	Grade      int      `json:"grade"`
	Total      *float64 `json:"total_score"`
	Rating     Rating   `json:"rating"`
}

// StudentDossier returns a student's 电子档案 if the caller may see it.
func (s *Service) StudentDossier(ctx context.Context, a Actor, studentID int64) (Dossier, error) {
	st, err := s.student(ctx, a.P.District, studentID)
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.NotFound && a.P.Role != access.Parent {
			if rerr := access.Require(a.P, access.FitnessRead); rerr != nil {
				return Dossier{}, rerr
			}
		}
		return Dossier{}, err
	}
	reveal, err := s.canSeeStudent(ctx, a.P, st)
	if err != nil {
		return Dossier{}, err
	}
	recs, encs, err := StudentRecords(ctx, s.DB.Read(), a.P.District, studentID)
	if err != nil {
		return Dossier{}, err
	}
	d := Dossier{Student: st, Records: recs, Trend: []Point{}, Advice: []Advice{}}
	for i := range d.Records {
		if d.Records[i].Exempt {
			if reveal {
				if d.Records[i].ExemptReason, err = s.Keys.Open(encs[i], ctxExemptReason); err != nil {
					return Dossier{}, err
				}
			} else {
				d.Records[i].ExemptReason = "（原因仅学校填报人员可见）"
			}
		}
		if d.Records[i].Standing {
			r := d.Records[i]
			d.Trend = append(d.Trend, Point{SchoolYear: r.SchoolYear, Grade: r.Grade, Total: r.Total, Rating: r.Rating})
		}
	}
	var scored []Point
	for _, p := range d.Trend {
		if p.Total != nil {
			scored = append(scored, p)
		}
	}
	if n := len(scored); n >= 2 {
		ch := float64(Tenths(roundHalfUpSigned((*scored[n-1].Total - *scored[n-2].Total) * 10)))
		ch /= 10
		d.Change = &ch
		switch {
		case ch > 0:
			d.Direction = "上升"
		case ch < 0:
			d.Direction = "下降"
		default:
			d.Direction = "持平"
		}
	}
	for i := len(d.Records) - 1; i >= 0; i-- {
		if d.Records[i].Standing {
			d.Advice = AdviceFor(d.Records[i])
			break
		}
	}
	if n := len(scored); n > 0 && (scored[n-1].Grade == 6 || scored[n-1].Grade == 9 || scored[n-1].Grade == 12) {
		others := make([]float64, 0, n-1)
		for _, p := range scored[:n-1] {
			others = append(others, *p.Total)
		}
		if g, err := GraduationScore(*scored[n-1].Total, others); err == nil {
			v := g.Float64()
			d.Graduation, d.BelowGraduation = &v, BelowGraduationLine(scored[n-1].Grade, g)
		}
	}
	revealed := false
	for _, r := range d.Records {
		revealed = revealed || r.Exempt && reveal
	}
	switch {
	case a.P.Role == access.Parent:
		e := a.entry("fitness.view", "student", itoa64(studentID), "家长查看子女体质健康档案")
		if err := s.Audit.Record(ctx, a.P.District, e); err != nil {
			return Dossier{}, err
		}
	case revealed:
		e := a.entry("fitness.reveal", "student", itoa64(studentID), "查看学生体质健康档案中的免测原因")
		if err := s.Audit.Record(ctx, a.P.District, e); err != nil {
			return Dossier{}, err
		}
	}
	return d, nil
}

func roundHalfUpSigned(x float64) int64 {
	if x < 0 {
		return -int64(-x + 0.5)
	}
	return int64(x + 0.5)
}

// isGuardian reports whether a parent account is linked to a student: the account's mobile
// phone is the phone of one of the student's guardians in the registry (the registry's only
// parent–child link; see docs/decisions.md).
func (s *Service) isGuardian(ctx context.Context, p *access.Principal, studentID int64) (bool, error) {
	ids, err := s.childIDs(ctx, p)
	if err != nil {
		return false, err
	}
	return slices.Contains(ids, studentID), nil
}

// childIDs are the students linked to a parent account by the registry's guardian phones.
func (s *Service) childIDs(ctx context.Context, p *access.Principal) ([]int64, error) {
	phone, err := s.userPhone(ctx, p)
	if err != nil || phone == "" {
		return nil, err
	}
	return registry.StudentsOfGuardianPhone(ctx, s.DB.Read(), s.Keys, p.District, phone)
}

func (s *Service) userPhone(ctx context.Context, p *access.Principal) (string, error) {
	var enc string
	err := s.DB.Read().QueryRow(ctx, `SELECT phone_enc FROM users WHERE district_code = ? AND id = ?`, p.District, p.UserID).Scan(&enc)
	if db.IsNoRows(err) || err == nil && enc == "" {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	phone, err := s.Keys.Open(enc, ctxUserPhone)
	return strings.TrimSpace(phone), err
}

// Child is a parent's child with a fitness record.
type Child struct {
	StudentID  int64    `json:"student_id,string"`
	Name       string   `json:"name"`
	SchoolName string   `json:"school_name"`
	GradeName  string   `json:"grade_name"`
	SchoolYear int      `json:"school_year"`
	Total      *float64 `json:"total_score"`
	Rating     Rating   `json:"rating"`
}

// Children lists the children of a parent account (guardian link) with their latest result.
func (s *Service) Children(ctx context.Context, a Actor) ([]Child, error) {
	if err := access.Require(a.P, access.Portal); err != nil {
		return nil, err
	}
	out := []Child{}
	if a.P.Role != access.Parent {
		return out, nil
	}
	ids, err := s.childIDs(ctx, a.P)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		st, err := s.student(ctx, a.P.District, id)
		if err != nil {
			return nil, err
		}
		c := Child{StudentID: id, Name: st.Name, SchoolName: st.SchoolName, GradeName: st.GradeName}
		recs, _, err := StudentRecords(ctx, s.DB.Read(), a.P.District, id)
		if err != nil {
			return nil, err
		}
		for i := len(recs) - 1; i >= 0; i-- {
			if recs[i].Standing {
				c.SchoolYear, c.Total, c.Rating = recs[i].SchoolYear, recs[i].Total, recs[i].Rating
				break
			}
		}
		out = append(out, c)
	}
	return out, nil
}
