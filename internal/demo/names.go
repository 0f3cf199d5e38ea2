package demo

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// Names draws realistic Chinese personal names: surnames by their national
// frequency, given names of one or two characters in the style of the
// person's generation. It is cheap enough to name 100,000 students.
type Names struct{ r *rand.Rand }

// NewNames returns a name source drawing from r.
func NewNames(r *rand.Rand) *Names { return &Names{r: r} }

// Surname returns a surname, weighted by frequency.
func (g *Names) Surname() string {
	i, _ := slices.BinarySearch(surnameCum, g.r.IntN(surnameTotal)+1)
	return surnameTable[i].s
}

// Person returns the full name of an adult of either sex.
func (g *Names) Person() string { return g.Adult(g.r.IntN(2) == 0) }

// Adult returns the full name of a person born between the 1960s and 1990s.
func (g *Names) Adult(female bool) string {
	if female {
		return g.Surname() + adultFemale.given(g.r)
	}
	return g.Surname() + adultMale.given(g.r)
}

// Child returns the full name of a person born after 2005, e.g. a student.
func (g *Names) Child(female bool) string {
	if female {
		return g.Surname() + childFemale.given(g.r)
	}
	return g.Surname() + childMale.given(g.r)
}

// givenPool builds given names: a single character from second with
// probability single percent, otherwise a first and a different second
// character.
type givenPool struct {
	first, second []string
	single        int
}

func newPool(first, second string, single int) givenPool {
	return givenPool{first: strings.Split(first, ""), second: strings.Split(second, ""), single: single}
}

func (p givenPool) given(r *rand.Rand) string {
	b := p.second[r.IntN(len(p.second))]
	if r.IntN(100) < p.single {
		return b
	}
	for {
		if a := p.first[r.IntN(len(p.first))]; a != b {
			return a + b
		}
	}
}

var (
	adultMale   = newPool("建国志文明永海伟晓俊军家华立振德新春学光宏小世金", "伟强磊军勇杰涛斌超明刚平辉鹏华飞波峰东林荣生忠良龙兵宇浩凯健帆旭宁阳成栋毅亮锋诚", 20)
	adultFemale = newPool("秀丽晓美玉春海小静雪红金彩凤淑慧文爱丹雅婷晶佳", "芳娜敏静丽艳娟霞英玲婷燕萍红琴梅兰华洁琳莉云凤珍颖倩慧蕾菲丹瑶", 20)
	childMale   = newPool("子梓浩宇俊皓一思博睿泽铭家锦嘉奕明天逸沐承煜宸昊", "轩涵宇然辰睿泽杰航豪阳哲晨宸凡铭霖恩川洋毅诚凯彬翔", 8)
	childFemale = newPool("子梓欣思雨可佳诗一语若紫梦雅芷依静亦婉沐安晓", "涵萱怡琪彤妍悦瑶琳欣然菲宁馨汐诺溪冉萌希璇晴玥", 8)
)

// surnameTable holds surnames with their approximate share of the Chinese
// population in units of 0.01 %.
var surnameTable = []struct {
	s string
	w int
}{
	{"王", 725}, {"李", 719}, {"张", 683}, {"刘", 538}, {"陈", 453}, {"杨", 308}, {"黄", 223}, {"赵", 229},
	{"吴", 205}, {"周", 193}, {"徐", 167}, {"孙", 154}, {"马", 144}, {"朱", 126}, {"胡", 131}, {"郭", 113},
	{"何", 118}, {"高", 107}, {"林", 113}, {"罗", 86}, {"郑", 78}, {"梁", 87}, {"谢", 71}, {"宋", 71},
	{"唐", 66}, {"许", 60}, {"韩", 61}, {"冯", 59}, {"邓", 58}, {"曹", 55}, {"彭", 55}, {"曾", 51},
	{"肖", 50}, {"田", 48}, {"董", 47}, {"袁", 45}, {"潘", 43}, {"于", 47}, {"蒋", 44}, {"蔡", 42},
	{"余", 43}, {"杜", 40}, {"叶", 43}, {"程", 37}, {"苏", 38}, {"魏", 39}, {"吕", 37}, {"丁", 36},
	{"任", 36}, {"沈", 34}, {"姚", 33}, {"卢", 33}, {"姜", 34}, {"崔", 31}, {"钟", 29}, {"谭", 29},
	{"陆", 28}, {"汪", 28}, {"范", 28}, {"金", 27}, {"石", 27}, {"廖", 26}, {"贾", 26}, {"夏", 25},
	{"韦", 25}, {"付", 24}, {"方", 24}, {"白", 22}, {"邹", 22}, {"孟", 22}, {"熊", 21}, {"秦", 21},
	{"邱", 20}, {"江", 20}, {"尹", 19}, {"薛", 19}, {"闫", 18}, {"段", 18}, {"雷", 18}, {"侯", 17},
	{"龙", 17}, {"史", 17}, {"陶", 16}, {"黎", 16}, {"贺", 16}, {"顾", 16}, {"毛", 15}, {"郝", 15},
	{"龚", 15}, {"邵", 15}, {"万", 14}, {"钱", 14}, {"严", 14}, {"覃", 13}, {"武", 13}, {"戴", 13},
	{"莫", 13}, {"孔", 12}, {"向", 12}, {"汤", 12}, {"欧阳", 4}, {"上官", 1},
}

var surnameCum, surnameTotal = func() ([]int, int) {
	cum := make([]int, len(surnameTable))
	total := 0
	for i, e := range surnameTable {
		total += e.w
		cum[i] = total
	}
	return cum, total
}()
