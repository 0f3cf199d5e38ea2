package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// busySections get a third staff member; every other 科室 has two.
var busySections = []string{"基础教育科", "安全稳定科"}

// genAccounts creates the platform's logins: the three 三员 accounts,
// bureau leaders and staff, one admin per school, the 责任督学 of each
// 片区 and a few parents.
func genAccounts(r *rand.Rand, p *people, schools []School) []Account {
	accounts := []Account{
		{Username: "sysadmin", DisplayName: "系统管理员", Role: "sysadmin"},
		{Username: "secadmin", DisplayName: "安全管理员", Role: "secadmin"},
		{Username: "auditor", DisplayName: "安全审计员", Role: "auditor"},
		{Username: "leader1", DisplayName: p.next(), Role: "leader", SectionName: "办公室"},   // 局长
		{Username: "leader2", DisplayName: p.next(), Role: "leader", SectionName: "基础教育科"}, // 副局长
	}
	n := 0
	for _, sec := range sectionPermissions {
		count := 2
		if slices.Contains(busySections, sec.name) {
			count = 3
		}
		for range count {
			n++
			accounts = append(accounts, Account{
				Username:    fmt.Sprintf("staff%02d", n),
				DisplayName: p.next(),
				Role:        "staff",
				SectionName: sec.name,
				Permissions: slices.Clone(sec.perms),
			})
		}
	}
	n = 0
	for _, z := range zones {
		for range inspectorsFor(z.Key, schools) {
			n++
			accounts = append(accounts, Account{
				Username:    fmt.Sprintf("inspector%d", n),
				DisplayName: p.next(),
				Role:        "inspector",
				ZoneKey:     z.Key,
			})
		}
	}
	for _, s := range schools {
		accounts = append(accounts, Account{
			Username:    "sa" + s.Code,
			DisplayName: p.next(),
			Role:        "school_admin",
			SchoolCode:  s.Code,
		})
	}
	for i := 1; i <= 3; i++ {
		accounts = append(accounts, Account{
			Username:    fmt.Sprintf("parent%d", i),
			DisplayName: p.next(),
			Role:        "parent",
		})
	}
	used := map[string]bool{}
	for i := range accounts {
		accounts[i].Phone = phone(r, used)
	}
	return accounts
}

// inspectorsFor returns how many 责任督学 serve a zone: two for the two
// zones with the most schools, one elsewhere.
func inspectorsFor(key string, schools []School) int {
	counts := map[string]int{}
	for _, s := range schools {
		counts[s.ZoneKey]++
	}
	ranked := make([]Zone, len(zones))
	copy(ranked, zones)
	slices.SortStableFunc(ranked, func(a, b Zone) int { return cmp.Compare(counts[b.Key], counts[a.Key]) })
	for _, z := range ranked[:2] {
		if z.Key == key {
			return 2
		}
	}
	return 1
}

var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "193", "195", "198", "199",
}

// phone returns an 11-digit mobile number not yet in used.
func phone(r *rand.Rand, used map[string]bool) string {
	for {
		n := fmt.Sprintf("%s%08d", mobilePrefixes[r.IntN(len(mobilePrefixes))], r.IntN(100_000_000))
		if !used[n] {
			used[n] = true
			return n
		}
	}
}
