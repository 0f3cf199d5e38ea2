package fitness

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The official tables, copied unchanged from the bureau's standards collection (see
// data/README.md). They are parsed once, on first use, into the arrays below; an inconsistency
// in them is a programming error and panics (the tests load them).
//
//go:embed data/single_item_scores.csv data/bmi_scores.csv data/bonus_scores.csv data/weights.csv data/rules.json
var dataFS embed.FS

// maxRows is the number of score levels of a single-item table (100 … 10).
const maxRows = 20

// thresholds is one single-item table for a grade and sex. Keys are thresholds in thousandths
// of the unit, negated for lower-is-better items so that "value meets threshold" is always
// key(value) >= key; they are strictly decreasing with the score.
type thresholds struct {
	n     int
	key   [maxRows]int32
	score [maxRows]uint8
}

// lookup returns the highest score whose threshold the key meets, or 0.
func (t *thresholds) lookup(k int32) int {
	lo, hi := 0, t.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if k >= t.key[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == t.n {
		return 0
	}
	return int(t.score[lo])
}

// bonusTable is one 加分 table: margins beyond the 100-point threshold (thousandths, strictly
// increasing) and the points they earn.
type bonusTable struct {
	n      int
	margin [maxRows]int32
	points [maxRows]uint8
	max    int // the per-item cap of rules.json
}

// lookup returns the points for a margin beyond the 100-point threshold.
func (b *bonusTable) lookup(m int32) int {
	lo, hi := 0, b.n
	for lo < hi { // first index whose margin exceeds m
		mid := int(uint(lo+hi) >> 1)
		if b.margin[mid] > m {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == 0 {
		return 0
	}
	return min(int(b.points[lo-1]), b.max)
}

// bmiBand is a closed interval of BMI in tenths.
type bmiBand struct {
	lo, hi   int32
	score    int
	category string
}

// gradeSex holds everything needed to score one grade and sex.
type gradeSex struct {
	valid    bool
	required [NumItems]bool
	list     [NumItems]Item // the required items in Item order
	n        int
	weight   [NumItems]int // percent
	table    [NumItems]thresholds
	bonus    [NumItems]bonusTable // n == 0: the item earns no bonus
	bmi      [4]bmiBand
}

type standard struct {
	gs [MaxGrade + 1][2]gradeSex
	// rating lower bounds of 学年总分, in tenths
	excellent, good, pass int
	bonusMax              int
	itemLevel             [101]Rating
}

var std = sync.OnceValue(load)

func (s *standard) of(grade int, sex Sex) *gradeSex {
	if grade < MinGrade || grade > MaxGrade || sex != Male && sex != Female {
		return nil
	}
	return &s.gs[grade][sex-1]
}

// rulesFile is the part of rules.json the engine uses.
type rulesFile struct {
	ScoreLevels           []int            `json:"score_levels"`
	SingleItemLevelLabels map[string][]int `json:"single_item_level_labels"`
	BMIScores             map[string]int   `json:"bmi_scores"`
	Bonus                 struct {
		MaxTotal int `json:"max_total"`
		Primary  struct {
			Item string `json:"item"`
			Max  int    `json:"max"`
		} `json:"primary"`
		Secondary []struct {
			Item string `json:"item"`
			Sex  string `json:"sex"`
			Max  int    `json:"max"`
		} `json:"secondary_and_university"`
	} `json:"bonus"`
	RatingByAnnualTotal map[string]string `json:"rating_by_annual_total"`
}

func load() *standard {
	s := new(standard)
	var rules rulesFile
	b, err := dataFS.ReadFile("data/rules.json")
	must(err)
	must(json.Unmarshal(b, &rules))
	s.loadRatings(rules)
	s.loadWeights()
	s.loadSingleItems(rules)
	s.loadBMI(rules)
	s.loadBonus(rules)
	return s
}

func must(err error) {
	if err != nil {
		panic("fitness: embedded standard: " + err.Error())
	}
}

func bad(format string, args ...any) {
	panic("fitness: embedded standard: " + fmt.Sprintf(format, args...))
}

// csvTable is a parsed CSV file addressed by column name.
type csvTable struct {
	name string
	col  map[string]int
	rows [][]string
}

func readTable(name string) csvTable {
	b, err := dataFS.ReadFile("data/" + name)
	must(err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	must(err)
	if len(recs) < 2 {
		bad("%s is empty", name)
	}
	t := csvTable{name: name, col: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		t.col[h] = i
	}
	return t
}

func (t csvTable) str(row []string, col string) string {
	i, ok := t.col[col]
	if !ok {
		bad("%s has no column %s", t.name, col)
	}
	return row[i]
}

func (t csvTable) num(row []string, col string) int {
	n, err := strconv.Atoi(t.str(row, col))
	if err != nil {
		bad("%s: column %s: %v", t.name, col, err)
	}
	return n
}

func (t csvTable) milli(row []string, col string) int64 {
	m, err := parseMilli(t.str(row, col))
	if err != nil {
		bad("%s: column %s: %v", t.name, col, err)
	}
	return m
}

func (t csvTable) item(row []string) Item {
	it, ok := ItemByCode(t.str(row, "item"))
	if !ok {
		bad("%s: unknown item %q", t.name, t.str(row, "item"))
	}
	return it
}

func (t csvTable) gradeSex(s *standard, row []string) *gradeSex {
	g := s.of(t.num(row, "grade"), sexCode(t.str(row, "sex")))
	if g == nil {
		bad("%s: bad grade or sex in %v", t.name, row)
	}
	return g
}

func sexCode(s string) Sex {
	switch s {
	case "M":
		return Male
	case "F":
		return Female
	}
	return 0
}

// loadRatings reads the rating bands of 学年总分 (">= 90.0", "80.0 ~ 89.9", …) and checks that
// they tile the scale at one decimal.
func (s *standard) loadRatings(rules rulesFile) {
	bounds := func(r Rating) (lo, hi int) {
		text, ok := rules.RatingByAnnualTotal[string(r)]
		if !ok {
			bad("rules.json has no rating %s", r)
		}
		lo, hi = -1, -1
		switch {
		case strings.HasPrefix(text, ">="):
			lo = tenths(strings.TrimPrefix(text, ">="))
		case strings.HasPrefix(text, "<="):
			hi = tenths(strings.TrimPrefix(text, "<="))
		default:
			a, b, ok := strings.Cut(text, "~")
			if !ok {
				bad("rules.json: rating %s: %q", r, text)
			}
			lo, hi = tenths(a), tenths(b)
		}
		return lo, hi
	}
	exLo, _ := bounds(RatingExcellent)
	goodLo, goodHi := bounds(RatingGood)
	passLo, passHi := bounds(RatingPass)
	_, failHi := bounds(RatingFail)
	if goodHi+1 != exLo || passHi+1 != goodLo || failHi+1 != passLo {
		bad("rules.json: rating bands do not join")
	}
	s.excellent, s.good, s.pass = exLo, goodLo, passLo

	for label, scores := range rules.SingleItemLevelLabels {
		for _, sc := range scores {
			if sc < 0 || sc > 100 {
				bad("rules.json: item level score %d", sc)
			}
			s.itemLevel[sc] = Rating(label)
		}
	}
	for _, sc := range rules.ScoreLevels {
		if s.itemLevel[sc] == "" {
			bad("rules.json: score level %d has no label", sc)
		}
	}
	s.itemLevel[0] = RatingFail // below the 10-point threshold
}

func tenths(s string) int {
	m, err := parseMilli(s)
	if err != nil || m%100 != 0 {
		bad("not a one-decimal number: %q", s)
	}
	return int(m / 100)
}

// loadWeights reads weights.csv; the items with a weight are the items a grade tests.
func (s *standard) loadWeights() {
	t := readTable("weights.csv")
	for _, row := range t.rows {
		from, to := t.num(row, "grade_from"), t.num(row, "grade_to")
		w := t.num(row, "weight_percent")
		for part := range strings.SplitSeq(t.str(row, "item"), "/") {
			code, sexes := part, []Sex{Male, Female}
			if c, sx, ok := strings.Cut(part, "("); ok {
				code, sexes = c, []Sex{sexCode(strings.TrimSuffix(sx, ")"))}
			}
			it, ok := ItemByCode(code)
			if !ok || sexes[0] == 0 || from < MinGrade || to > MaxGrade || from > to || w <= 0 {
				bad("weights.csv: bad row %v", row)
			}
			for g := from; g <= to; g++ {
				for _, sx := range sexes {
					gs := s.of(g, sx)
					if gs.required[it] {
						bad("weights.csv: %s weighted twice for grade %d", code, g)
					}
					gs.required[it], gs.weight[it] = true, w
				}
			}
		}
	}
	for g := MinGrade; g <= MaxGrade; g++ {
		for _, sx := range []Sex{Male, Female} {
			gs := s.of(g, sx)
			sum := 0
			for it := range Item(NumItems) {
				if gs.required[it] {
					gs.list[gs.n] = it
					gs.n++
					sum += gs.weight[it]
				}
			}
			if sum != 100 || !gs.required[BMI] {
				bad("weights.csv: grade %d %s: weights sum to %d", g, sx, sum)
			}
			gs.valid = true
		}
	}
}

// loadSingleItems reads tables 1-3 … 1-16.
func (s *standard) loadSingleItems(rules rulesFile) {
	t := readTable("single_item_scores.csv")
	type row struct {
		score int
		key   int64
	}
	groups := map[*gradeSex]map[Item][]row{}
	for _, r := range t.rows {
		it, gs := t.item(r), t.gradeSex(s, r)
		info := items[it]
		if it == BMI {
			bad("single_item_scores.csv: BMI belongs in bmi_scores.csv")
		}
		wantBetter, wantRule := "lower", "value <= threshold"
		if info.higher {
			wantBetter, wantRule = "higher", "value >= threshold"
		}
		if t.str(r, "better") != wantBetter || t.str(r, "rule") != wantRule {
			bad("single_item_scores.csv: %s is not %s-is-better", info.code, wantBetter)
		}
		if !gs.required[it] {
			bad("single_item_scores.csv: %s has a table for a grade that does not test it: %v", info.code, r)
		}
		sc := t.num(r, "score")
		if !slices.Contains(rules.ScoreLevels, sc) {
			bad("single_item_scores.csv: score %d is not a level", sc)
		}
		m := t.milli(r, "threshold")
		if m < info.lo || m > info.hi {
			bad("single_item_scores.csv: %s threshold %d outside the plausible range", info.code, m)
		}
		if groups[gs] == nil {
			groups[gs] = map[Item][]row{}
		}
		groups[gs][it] = append(groups[gs][it], row{sc, m})
	}
	for gs, byItem := range groups {
		for it, rows := range byItem {
			slices.SortFunc(rows, func(a, b row) int { return b.score - a.score })
			tb := &gs.table[it]
			if len(rows) > maxRows || rows[0].score != 100 {
				bad("single_item_scores.csv: %s: %d rows, top score %d", it.Code(), len(rows), rows[0].score)
			}
			for i, r := range rows {
				k := int32(r.key)
				if !items[it].higher {
					k = -k
				}
				if i > 0 && (r.score >= rows[i-1].score || k >= tb.key[i-1]) {
					bad("single_item_scores.csv: %s thresholds are not strictly monotonic", it.Code())
				}
				tb.key[i], tb.score[i] = k, uint8(r.score)
			}
			tb.n = len(rows)
		}
	}
	for g := MinGrade; g <= MaxGrade; g++ {
		for _, sx := range []Sex{Male, Female} {
			gs := s.of(g, sx)
			for _, it := range gs.list[:gs.n] {
				if it != BMI && gs.table[it].n == 0 {
					bad("single_item_scores.csv: no %s table for grade %d %s", it.Code(), g, sx)
				}
			}
		}
	}
}

// loadBMI reads table 1-1/1-2 and checks that the four bands of each grade and sex tile the BMI
// scale at one decimal.
func (s *standard) loadBMI(rules rulesFile) {
	t := readTable("bmi_scores.csv")
	count := map[*gradeSex]int{}
	for _, r := range t.rows {
		gs := t.gradeSex(s, r)
		if t.item(r) != BMI || count[gs] == len(gs.bmi) {
			bad("bmi_scores.csv: bad row %v", r)
		}
		b := bmiBand{lo: -1 << 31, hi: 1<<31 - 1, score: t.num(r, "score"), category: t.str(r, "category")}
		if want, ok := rules.BMIScores[b.category]; !ok || want != b.score {
			bad("bmi_scores.csv: category %s scores %d", b.category, b.score)
		}
		if t.str(r, "min_inclusive") != "" {
			b.lo = int32(tenths(t.str(r, "min_inclusive")))
		}
		if t.str(r, "max_inclusive") != "" {
			b.hi = int32(tenths(t.str(r, "max_inclusive")))
		}
		gs.bmi[count[gs]] = b
		count[gs]++
	}
	for g := MinGrade; g <= MaxGrade; g++ {
		for _, sx := range []Sex{Male, Female} {
			gs := s.of(g, sx)
			if count[gs] != len(gs.bmi) {
				bad("bmi_scores.csv: grade %d %s has %d bands", g, sx, count[gs])
			}
			slices.SortFunc(gs.bmi[:], func(a, b bmiBand) int { return int(a.lo) - int(b.lo) })
			bands := gs.bmi
			if bands[0].lo != -1<<31 || bands[3].hi != 1<<31-1 {
				bad("bmi_scores.csv: grade %d %s bands are not unbounded at the ends", g, sx)
			}
			for i := 1; i < len(bands); i++ {
				if bands[i].lo != bands[i-1].hi+1 || bands[i].lo > bands[i].hi {
					bad("bmi_scores.csv: grade %d %s bands do not join", g, sx)
				}
			}
		}
	}
}

// loadBonus reads tables 2-1 … 2-6 and the caps of rules.json.
func (s *standard) loadBonus(rules rulesFile) {
	s.bonusMax = rules.Bonus.MaxTotal
	// allowed[item][sex-1] is the per-item cap of a bonus item for primary (index 0) or
	// secondary and university (index 1) grades.
	var allowed [NumItems][2][2]int
	level := func(grade int) int {
		if grade <= 6 {
			return 0
		}
		return 1
	}
	it, ok := ItemByCode(rules.Bonus.Primary.Item)
	if !ok {
		bad("rules.json: bonus item %q", rules.Bonus.Primary.Item)
	}
	allowed[it][0][0], allowed[it][1][0] = rules.Bonus.Primary.Max, rules.Bonus.Primary.Max
	for _, b := range rules.Bonus.Secondary {
		it, ok := ItemByCode(b.Item)
		if !ok || sexCode(b.Sex) == 0 {
			bad("rules.json: bonus item %q %q", b.Item, b.Sex)
		}
		allowed[it][sexCode(b.Sex)-1][1] = b.Max
	}

	t := readTable("bonus_scores.csv")
	type row struct {
		points int
		margin int64
	}
	groups := map[*gradeSex]map[Item][]row{}
	for _, r := range t.rows {
		it, gs := t.item(r), t.gradeSex(s, r)
		grade, sx := t.num(r, "grade"), sexCode(t.str(r, "sex"))
		if allowed[it][sx-1][level(grade)] == 0 || gs.table[it].n == 0 {
			bad("bonus_scores.csv: %s earns no bonus in grade %d %s", it.Code(), grade, sx)
		}
		unit := "count_above_100pt_threshold"
		if !items[it].higher {
			unit = "s_faster_than_100pt_threshold"
		}
		if t.str(r, "margin_unit") != unit || t.str(r, "rule") != "margin >= required_margin" {
			bad("bonus_scores.csv: %s margin is not %s", it.Code(), unit)
		}
		if groups[gs] == nil {
			groups[gs] = map[Item][]row{}
		}
		groups[gs][it] = append(groups[gs][it], row{t.num(r, "bonus_points"), t.milli(r, "required_margin")})
	}
	for g := MinGrade; g <= MaxGrade; g++ {
		for _, sx := range []Sex{Male, Female} {
			gs := s.of(g, sx)
			for it := range Item(NumItems) {
				limit := allowed[it][sx-1][level(g)]
				rows := groups[gs][it]
				if (limit > 0) != (len(rows) > 0) {
					bad("bonus_scores.csv: grade %d %s %s: %d rows, cap %d", g, sx, it.Code(), len(rows), limit)
				}
				if limit == 0 {
					continue
				}
				if !gs.required[it] || len(rows) > maxRows {
					bad("bonus_scores.csv: grade %d %s %s", g, sx, it.Code())
				}
				slices.SortFunc(rows, func(a, b row) int { return a.points - b.points })
				bt := &gs.bonus[it]
				for i, r := range rows {
					if r.margin <= 0 || r.points <= 0 || r.points > limit ||
						i > 0 && (r.points <= int(bt.points[i-1]) || int32(r.margin) <= bt.margin[i-1]) {
						bad("bonus_scores.csv: grade %d %s %s: rows are not increasing", g, sx, it.Code())
					}
					bt.margin[i], bt.points[i] = int32(r.margin), uint8(r.points)
				}
				bt.n, bt.max = len(rows), limit
			}
		}
	}
}
