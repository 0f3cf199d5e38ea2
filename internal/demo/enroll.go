package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

// EnrollDemo is the demo's enrollment: every school's catchment as published text, the next
// campaign (小学一年级) open for registration, and its applications.
type EnrollDemo struct {
	Catchments map[int64]string
	Policy     enroll.Policy
	Apps       []enroll.DemoApplication
}

var enrollRoads = []string{"人民", "建设", "解放", "中山", "青溪", "滨江", "文化", "新华", "和平", "光明", "胜利", "东风", "朝阳", "长安",
	"育才", "振兴", "红旗", "工农", "健康", "学府", "桂花", "樟树", "梧桐", "西湖", "凤凰", "翠竹", "白鹭", "紫金", "南湖", "北辰"}
var enrollCompounds = []string{"幸福", "阳光", "锦绣", "碧水", "金色", "春江", "翡翠", "御景", "紫荆", "东方", "时代", "丽景", "书香",
	"怡和", "康乐", "桃源", "明珠", "绿城", "星河", "华府"}

// enrollStage says whether a school type takes first-graders (小学一年级).
func enrollPrimary(t string) bool { return t == "primary" || t == "nine_year" || t == "twelve_year" }

// catchmentText writes school i's published catchment: its own road (whole or one side), two
// compounds, and now and then a line only a person can read ("…以东") or a range that overlaps the
// next school's.
func catchmentText(i int) (road string, text string) {
	road = enrollRoads[i%len(enrollRoads)] + []string{"路", "街", "大道"}[(i/len(enrollRoads))%3]
	c1 := enrollCompounds[i%len(enrollCompounds)] + []string{"小区", "花园", "家园"}[(i/len(enrollCompounds))%3]
	c2 := enrollCompounds[(i+7)%len(enrollCompounds)] + []string{"苑", "公寓", "新村"}[(i/len(enrollCompounds))%3]
	text = fmt.Sprintf("%s全段\n%s\n%s1-12栋", road, c1, c2)
	if i%9 == 4 {
		next := enrollRoads[(i+1)%len(enrollRoads)] + []string{"路", "街", "大道"}[((i+1)/len(enrollRoads))%3]
		text += fmt.Sprintf("\n%s1-49号(单号)", next)
	}
	if i%11 == 6 {
		text += "\n" + road + "以东、铁路以北区域"
	}
	return road, text
}

// GenerateEnroll builds the demo enrollment: catchments for every public school that enrolls (民办 schools
// take part in the draw without a catchment: 公民同招; two schools form a 多校划片 zone) (schoolIDs
// maps 学校标识码 to database id), the next year's primary campaign open from a week before today,
// and n applications with realistic categories (房户一致 most, 随迁子女 about a quarter, some
// 统筹), a few popular schools oversubscribed, and about one family in a hundred claiming a property
// another family already uses (学位锁定 conflicts).
func GenerateEnroll(d District, schoolIDs map[string]int64, year int, n int, seed int64, today time.Time) EnrollDemo {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed_e1))
	names := NewNames(r)
	out := EnrollDemo{Catchments: map[int64]string{}, Policy: enroll.DefaultPolicy(year, "primary")}
	day := func(k int) string { return today.AddDate(0, 0, k).Format(time.DateOnly) }
	out.Policy.Dates = enroll.Schedule{RegOpen: day(-7), RegClose: day(21), ReviewClose: day(35), CorrectionClose: day(42),
		Draw: day(49), Publish: day(52), WaitlistClose: day(80)}
	out.Policy.Notes = "依据《义务教育法》和市教育局有关文件，坚持免试就近入学、公民同招。报名不分先后，学位按入学类别和电脑派位确定。"
	type prim struct {
		id      int64
		road    string
		weight  int
		compoun string
	}
	var prims []prim
	var private []int64
	total := 0
	k := 0
	for _, s := range d.Schools {
		id, ok := schoolIDs[s.Code]
		if !ok {
			continue
		}
		switch s.Type {
		case "kindergarten", "primary", "junior", "nine_year", "complete_secondary", "twelve_year":
		default:
			continue
		}
		if s.Nature != "公办" {
			// 民办学校：公民同招，不划片区；参加派位。
			if enrollPrimary(s.Type) {
				out.Policy.Plans = append(out.Policy.Plans, enroll.Plan{SchoolID: id, Classes: 2, ClassSize: 40})
				private = append(private, id)
			}
			continue
		}
		road, text := catchmentText(k)
		k++
		out.Catchments[id] = text
		if !enrollPrimary(s.Type) {
			continue
		}
		w := 2 + r.IntN(3)
		if len(prims)%6 == 0 {
			w = 7 // 热门学校
		}
		classes := 3 + r.IntN(4)
		out.Policy.Plans = append(out.Policy.Plans, enroll.Plan{SchoolID: id, Classes: classes, ClassSize: 45})
		prims = append(prims, prim{id: id, road: road, weight: w, compoun: enrollCompounds[(k-1)%len(enrollCompounds)]})
		total += w
	}
	if len(prims) == 0 {
		return out
	}
	if len(prims) > 3 {
		out.Policy.Zones = []enroll.Zone{{Name: "城东多校划片区", Schools: []int64{prims[1].id, prims[2].id}}}
	}
	pick := func() prim {
		x := r.IntN(total)
		for _, p := range prims {
			if x < p.weight {
				return p
			}
			x -= p.weight
		}
		return prims[len(prims)-1]
	}
	used := map[int]bool{}
	var certs []string
	for i := range n {
		home := pick()
		female := r.IntN(2) == 0
		birth := time.Date(year-7, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
		seq := 0
		for {
			seq = r.IntN(999)
			key := int(birth.Unix()/86400)*1000 + seq
			if !used[key] && (seq%2 == 1) != female {
				used[key] = true
				break
			}
		}
		father := names.Adult(false)
		child := []rune(names.Child(female))
		in := enroll.ApplicationInput{ChildName: string([]rune(father)[0]) + string(child[1:]),
			ChildIDNumber: identity.MakeIDNumber("339901", birth, seq),
			Guardians:     []enroll.Guardian{{Name: father, Relation: "父亲", Phone: fmt.Sprintf("13%09d", 100000000+i)}}}
		addr := fmt.Sprintf("江城市青溪区%s%d号", home.road, 1+r.IntN(300))
		cert := fmt.Sprintf("浙(20%02d)青溪区不动产权第%07d号", 10+r.IntN(15), 1000000+i)
		switch x := r.IntN(100); {
		case x < 45: // 房户一致
			in.HukouLocal, in.HukouAddress, in.HousingType, in.HomeAddress, in.OwnerRelation = true, addr, "own", addr, "父亲"
		case x < 55: // 户籍在片区，租住
			in.HukouLocal, in.HukouAddress, in.HousingType, in.HomeAddress = true, addr, "rent", fmt.Sprintf("江城市青溪区外环路%d号", 1+r.IntN(500))
		case x < 63: // 片区内有房，外区户籍
			in.HousingType, in.HomeAddress, in.OwnerRelation, in.PermitMonths = "own", addr, "母亲", 12
		case x < 88: // 随迁子女
			in.HousingType, in.HomeAddress = "rent", addr
			in.PermitMonths, in.InsuranceMonths = 6+r.IntN(60), 12+r.IntN(48)
			if r.IntN(100) < 15 {
				in.InsuranceMonths = r.IntN(12)
			}
		default: // 统筹
			in.HukouLocal, in.HukouAddress, in.HousingType, in.HomeAddress = true, fmt.Sprintf("江城市青溪区外环路%d号", 1+r.IntN(500)), "other",
				fmt.Sprintf("江城市青溪区外环路%d号", 1+r.IntN(500))
		}
		if in.HousingType == "own" {
			if len(certs) > 20 && r.IntN(100) == 0 {
				cert = certs[r.IntN(len(certs))] // 同一房产第二个家庭：学位锁定冲突
			}
			in.PropertyCert = cert
			certs = append(certs, cert)
		}
		in.Choices = []int64{home.id}
		if len(private) > 0 && r.IntN(100) < 6 {
			in.Choices = []int64{private[r.IntN(len(private))], home.id} // 民办学校第一志愿
		}
		for len(in.Choices) < 1+r.IntN(3) {
			c := prims[r.IntN(len(prims))].id
			if !slices.Contains(in.Choices, c) {
				in.Choices = append(in.Choices, c)
			}
		}
		status := enroll.AppApproved
		switch x := r.IntN(100); {
		case x < 8:
			status = enroll.AppSubmitted
		case x < 10:
			status = enroll.AppReturned
		case x < 11:
			status = enroll.AppRejected
		}
		out.Apps = append(out.Apps, enroll.DemoApplication{Input: in, ParentID: 9_000_000 + int64(i), Status: status})
	}
	return out
}
