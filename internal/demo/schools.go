package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// genSchools turns the catalog into schools with codes, addresses,
// principals and 教育集团.
func genSchools(r *rand.Rand, p *people) []School {
	specs := catalog(r)
	// 学校标识码: "3", the district code, then a three-digit serial.
	serials := r.Perm(900)
	urban := urbanStreets()
	addresses := map[string]bool{}
	schools := make([]School, len(specs))
	for i, s := range specs {
		if s.street == "" {
			s.street = urban[r.IntN(len(urban))]
		}
		st := streetByName(s.street)
		sc := School{
			Code:      fmt.Sprintf("3%s%03d", district.Code, 100+serials[i]),
			Name:      prefix(s.typ) + s.name,
			ShortName: s.short,
			Type:      s.typ,
			Nature:    "公办",
			Inclusive: s.typ == "kindergarten" && !s.private,
			Urban:     "城区",
			ZoneKey:   st.zone,
			Street:    st.name,
			Address:   address(r, st, s, addresses),
			Founded:   s.from + r.IntN(s.to-s.from+1),
			Principal: p.next(),
		}
		if s.private {
			sc.Nature = "民办"
		}
		switch {
		case s.village != "":
			sc.Urban = "乡村"
		case st.town:
			sc.Urban = "镇区"
		}
		schools[i] = sc
	}
	markInclusive(r, schools)
	formGroups(r, schools)
	return schools
}

// prefix is the official name prefix: kindergartens carry the district's
// name, every other school the city's and the district's.
func prefix(typ string) string {
	if typ == "kindergarten" {
		return district.Name
	}
	return city.Name + district.Name
}

// address gives a distinct postal address: a road number in a 街道 or town
// seat, a house number in a village.
func address(r *rand.Rand, st street, s spec, used map[string]bool) string {
	for {
		var a string
		switch {
		case s.village != "":
			a = fmt.Sprintf("%s%s%s村%d号", district.Name, st.name, s.village, 1+r.IntN(220))
		case st.town:
			a = fmt.Sprintf("%s%s%s%d号", district.Name, st.name, pickRoad(r, st, s), 1+r.IntN(180))
		default:
			a = fmt.Sprintf("%s%s%d号", district.Name, pickRoad(r, st, s), 1+r.IntN(400))
		}
		if !used[a] {
			used[a] = true
			return a
		}
	}
}

func pickRoad(r *rand.Rand, st street, s spec) string {
	if s.road != "" {
		return s.road
	}
	return st.roads[r.IntN(len(st.roads))]
}

// markInclusive makes about three in five private kindergartens 普惠性;
// public kindergartens are all 普惠性 already.
func markInclusive(r *rand.Rand, schools []School) {
	var private []int
	for i, s := range schools {
		if s.Type == "kindergarten" && s.Nature == "民办" {
			private = append(private, i)
		}
	}
	r.Shuffle(len(private), func(i, j int) { private[i], private[j] = private[j], private[i] })
	for _, i := range private[:len(private)*3/5] {
		schools[i].Inclusive = true
	}
}

// groupPlans are the 教育集团 the district may run, in order of founding:
// a lead school and the types its members are drawn from.
var groupPlans = []struct {
	lead    string
	members []string
}{
	{"实验小学", []string{"primary"}},
	{"实验初级中学", []string{"junior", "nine_year"}},
	{"实验幼儿园", []string{"kindergarten"}},
	{"第二中学", []string{"junior"}},
	{"第一小学", []string{"primary"}},
}

// formGroups sets up three to five groups of a lead school and two to four
// public members. In the spirit of 城乡教育共同体 each group takes in a town
// or village school when one is available.
func formGroups(r *rand.Rand, schools []School) {
	plans := groupPlans[:3+r.IntN(3)]
	leads := make([]int, len(plans))
	for g, plan := range plans {
		leads[g] = -1
		for i, s := range schools {
			if s.ShortName == plan.lead {
				leads[g] = i
			}
		}
		if leads[g] < 0 {
			panic("demo: group lead missing: " + plan.lead)
		}
		s := &schools[leads[g]]
		s.GroupName, s.GroupLead = district.Name+plan.lead+"教育集团", true
	}
	for g, plan := range plans {
		name := schools[leads[g]].GroupName
		var cands []int
		for i, s := range schools {
			if s.GroupName == "" && s.Nature == "公办" && slices.Contains(plan.members, s.Type) {
				cands = append(cands, i)
			}
		}
		r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		for k, i := range cands {
			if schools[i].Urban != "城区" {
				cands[0], cands[k] = cands[k], cands[0]
				break
			}
		}
		for _, i := range cands[:min(len(cands), 2+r.IntN(3))] {
			schools[i].GroupName = name
		}
	}
}
