package demo

import (
	"math/rand/v2"
	"slices"
)

// spec describes one school before the seed decides its details.
type spec struct {
	typ     string
	name    string // full name without the district prefix, e.g. "云湖镇龙潭小学"
	short   string
	street  string // "" places the school in a random 街道
	village string // set for 乡村 schools, without 村
	road    string // fixed road for schools named after it
	private bool
	from    int // founding year range
	to      int
}

// at is a school in a 街道 (or anywhere in the city when street is "").
func at(typ, name, street string, from, to int) spec {
	return spec{typ: typ, name: name, short: name, street: street, from: from, to: to}
}

// seat is a school in the seat of a town (镇区), named after the town.
func seat(typ, town, suffix string, from, to int) spec {
	return at(typ, town+suffix, town, from, to)
}

// rural is a village school (乡村), e.g. 云湖镇龙潭小学.
func rural(typ, town, village, suffix string, from, to int) spec {
	return spec{typ: typ, name: town + village + suffix, short: village + suffix, street: town, village: village, from: from, to: to}
}

// point is a 教学点 attached to the town's 中心小学.
func point(town, village string) spec {
	return spec{typ: "teaching_point", name: town + "中心小学" + village + "教学点", short: village + "教学点", street: town, village: village, from: 1956, to: 1985}
}

func (s spec) priv() spec { s.private = true; return s }

func (s spec) on(road string) spec { s.road = road; return s }

var ordinals = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"}

// numbered returns 第from…第to schools with the given suffix, cycling
// through the urban streets; lower numbers are older.
func numbered(typ, suffix string, from, to, oldest int) []spec {
	urban := urbanStreets()
	var out []spec
	for n := from; n <= to; n++ {
		y := oldest + (n-1)*6
		out = append(out, at(typ, "第"+ordinals[n]+suffix, urban[(n-1)%len(urban)], y, y+5))
	}
	return out
}

// pick returns n entries of pool chosen by r, in pool order.
func pick(r *rand.Rand, pool []spec, n int) []spec {
	idx := r.Perm(len(pool))[:n]
	slices.Sort(idx)
	out := make([]spec, n)
	for i, j := range idx {
		out[i] = pool[j]
	}
	return out
}

// catalog decides which schools the district has. Counts vary a little with
// the seed (115–125 schools in all) while the district keeps its shape.
func catalog(r *rand.Rand) []spec {
	kindergartens := 44 + r.IntN(3)
	privateKG := 13 + r.IntN(3)
	publicKG := []spec{
		at("kindergarten", "实验幼儿园", "青溪街道", 1952, 1958),
		at("kindergarten", "机关幼儿园", "青溪街道", 1956, 1963),
	}
	publicKG = append(publicKG, numbered("kindergarten", "幼儿园", 1, 6, 1962)...)
	publicKG = append(publicKG,
		at("kindergarten", "东湖幼儿园", "东湖街道", 2006, 2012),
		at("kindergarten", "文昌幼儿园", "文昌街道", 1985, 1995),
		at("kindergarten", "南湖幼儿园", "南湖街道", 1990, 2000),
		at("kindergarten", "望江幼儿园", "望江街道", 1988, 1998),
		at("kindergarten", "滨江幼儿园", "望江街道", 2010, 2016),
		at("kindergarten", "凤凰幼儿园", "东湖街道", 2012, 2018),
		at("kindergarten", "学府幼儿园", "文昌街道", 2008, 2015).on("学府路"),
		at("kindergarten", "锦绣幼儿园", "东湖街道", 2015, 2020).on("锦绣路"),
		at("kindergarten", "江南幼儿园", "南湖街道", 2013, 2019),
		seat("kindergarten", "枫林镇", "中心幼儿园", 1978, 1988),
		seat("kindergarten", "白沙镇", "中心幼儿园", 1978, 1988),
		seat("kindergarten", "桃源镇", "中心幼儿园", 1980, 1990),
		seat("kindergarten", "云湖镇", "中心幼儿园", 1976, 1986),
		seat("kindergarten", "云湖镇", "湖滨幼儿园", 2009, 2016).on("湖滨路"),
		rural("kindergarten", "枫林镇", "上坞", "幼儿园", 1995, 2008),
		rural("kindergarten", "白沙镇", "前溪", "幼儿园", 1995, 2008),
		rural("kindergarten", "桃源镇", "柳塘", "幼儿园", 1998, 2010),
		rural("kindergarten", "云湖镇", "龙潭", "幼儿园", 1996, 2009),
		rural("kindergarten", "云湖镇", "梅岙", "幼儿园", 1999, 2012),
	)
	extraKG := []spec{
		at("kindergarten", "春晖幼儿园", "南湖街道", 2016, 2021).on("春晖路"),
		at("kindergarten", "新华幼儿园", "文昌街道", 1992, 2002).on("新华路"),
		at("kindergarten", "迎宾幼儿园", "东湖街道", 2014, 2020).on("迎宾大道"),
		at("kindergarten", "鼓楼幼儿园", "青溪街道", 1983, 1993).on("鼓楼巷"),
		at("kindergarten", "北城幼儿园", "望江街道", 2017, 2022).on("北城路"),
		rural("kindergarten", "桃源镇", "桃坞", "幼儿园", 2001, 2012),
		seat("kindergarten", "枫林镇", "枫溪幼儿园", 2012, 2019).on("枫溪路"),
	}
	privKG := []spec{
		at("kindergarten", "小天使幼儿园", "", 1998, 2008),
		at("kindergarten", "蓝天幼儿园", "", 1999, 2010),
		at("kindergarten", "金色童年幼儿园", "", 2002, 2012),
		at("kindergarten", "贝贝幼儿园", "", 2000, 2010),
		at("kindergarten", "七彩虹幼儿园", "", 2004, 2015),
		at("kindergarten", "新蕾幼儿园", "", 2001, 2011),
		at("kindergarten", "启明星幼儿园", "", 2006, 2016),
		at("kindergarten", "童之梦幼儿园", "", 2008, 2018),
		at("kindergarten", "育才双语幼儿园", "文昌街道", 2010, 2019).on("育才路"),
		at("kindergarten", "智慧树幼儿园", "", 2009, 2018),
		at("kindergarten", "阳光宝贝幼儿园", "", 2007, 2017),
		at("kindergarten", "未来星幼儿园", "", 2012, 2020),
		at("kindergarten", "快乐童年幼儿园", "", 2005, 2015),
		at("kindergarten", "星辰幼儿园", "", 2014, 2021),
		at("kindergarten", "春苗幼儿园", "", 2003, 2013),
		seat("kindergarten", "白沙镇", "小太阳幼儿园", 2006, 2016),
		seat("kindergarten", "云湖镇", "花朵幼儿园", 2004, 2014),
		seat("kindergarten", "桃源镇", "童乐幼儿园", 2008, 2017),
	}
	for i := range privKG {
		privKG[i].private = true
	}

	primary := []spec{at("primary", "实验小学", "青溪街道", 1906, 1925).on("府前街")}
	primary = append(primary, numbered("primary", "小学", 1, 9+r.IntN(3), 1928)...)
	primary = append(primary,
		at("primary", "人民路小学", "青溪街道", 1950, 1958).on("人民路"),
		at("primary", "解放路小学", "青溪街道", 1952, 1960).on("解放路"),
		at("primary", "学府路小学", "文昌街道", 1994, 2002).on("学府路"),
		at("primary", "文昌小学", "文昌街道", 1958, 1968).on("文昌路"),
		at("primary", "新华小学", "文昌街道", 1965, 1975).on("新华路"),
		at("primary", "育才小学", "文昌街道", 1980, 1990).on("育才路"),
		at("primary", "南湖小学", "南湖街道", 1970, 1980).on("南湖路"),
		at("primary", "江南小学", "南湖街道", 2008, 2014).on("江南大道"),
		at("primary", "春晖小学", "南湖街道", 2015, 2020).on("春晖路"),
		at("primary", "望江小学", "望江街道", 1962, 1972).on("望江路"),
		at("primary", "滨江小学", "望江街道", 2006, 2013).on("滨江路"),
		at("primary", "东湖小学", "东湖街道", 2003, 2009).on("东湖路"),
		at("primary", "凤凰小学", "东湖街道", 2010, 2016).on("凤凰路"),
		at("primary", "锦绣小学", "东湖街道", 2016, 2021).on("锦绣路"),
		at("primary", "明德小学", "", 2001, 2010).priv(),
		seat("primary", "枫林镇", "中心小学", 1912, 1935),
		seat("primary", "白沙镇", "中心小学", 1915, 1938),
		seat("primary", "桃源镇", "中心小学", 1920, 1945),
		seat("primary", "云湖镇", "中心小学", 1908, 1930),
		rural("primary", "枫林镇", "上坞", "小学", 1950, 1965),
		rural("primary", "枫林镇", "黄泥岭", "小学", 1952, 1968),
		rural("primary", "白沙镇", "沙湾", "小学", 1950, 1966),
		rural("primary", "白沙镇", "前溪", "小学", 1948, 1962),
		rural("primary", "桃源镇", "桃坞", "小学", 1951, 1966),
		rural("primary", "桃源镇", "柳塘", "小学", 1955, 1970),
		rural("primary", "云湖镇", "龙潭", "小学", 1946, 1960),
		rural("primary", "云湖镇", "梅岙", "小学", 1953, 1968),
	)

	junior := []spec{at("junior", "实验初级中学", "文昌街道", 1978, 1985).on("西山路")}
	junior = append(junior, numbered("junior", "中学", 4, 3+5+r.IntN(3), 1950)...)
	junior = append(junior,
		at("junior", "文昌中学", "文昌街道", 1984, 1992).on("文昌路"),
		at("junior", "望江中学", "望江街道", 1990, 1998).on("北环路"),
		at("junior", "东湖中学", "东湖街道", 2007, 2013).on("东湖路"),
		seat("junior", "枫林镇", "初级中学", 1958, 1970),
		seat("junior", "白沙镇", "初级中学", 1956, 1968),
		seat("junior", "桃源镇", "初级中学", 1960, 1972),
		seat("junior", "云湖镇", "初级中学", 1955, 1966),
	)

	nine := []spec{
		at("nine_year", "外国语学校", "东湖街道", 2002, 2008).priv().on("迎宾大道"),
		at("nine_year", "育英学校", "望江街道", 2005, 2012).priv(),
		at("nine_year", "实验学校", "南湖街道", 1998, 2004).on("振兴路"),
		at("nine_year", "东城学校", "东湖街道", 2011, 2017).on("东城路"),
		at("nine_year", "西山学校", "文昌街道", 2009, 2015).on("西山路"),
		at("nine_year", "北城学校", "望江街道", 2013, 2019).on("北城路"),
		at("nine_year", "滨湖学校", "南湖街道", 2017, 2022).on("滨湖路"),
	}
	nine = append(nine, pick(r, []spec{
		at("nine_year", "新城学校", "东湖街道", 2019, 2023),
		rural("nine_year", "枫林镇", "枫岭", "学校", 1968, 1978),
	}, r.IntN(3))...)

	points := []spec{point("云湖镇", "石门")}
	points = append(points, pick(r, []spec{
		point("云湖镇", "竹坑"),
		point("云湖镇", "青岩"),
		point("枫林镇", "下洋"),
		point("白沙镇", "庙前"),
		point("桃源镇", "后山"),
	}, 3+r.IntN(3))...)

	out := append(publicKG, pick(r, extraKG, kindergartens-privateKG-len(publicKG))...)
	out = append(out, pick(r, privKG, privateKG)...)
	out = append(out, primary...)
	out = append(out, junior...)
	out = append(out, nine...)
	out = append(out,
		at("complete_secondary", "第二中学", "青溪街道", 1938, 1950).on("中山路"),
		at("complete_secondary", "江南中学", "南湖街道", 1996, 2003).on("江南大道"),
		at("twelve_year", "博雅学校", "东湖街道", 2008, 2015).priv().on("凤凰路"),
		at("senior", "第一中学", "青溪街道", 1902, 1928).on("青溪路"),
		at("senior", "高级中学", "文昌街道", 1999, 2005).on("学府路"),
		at("senior", "第三中学", "望江街道", 1956, 1965).on("江城大道"),
		at("senior", "云湖高级中学", "云湖镇", 1958, 1970).on("云湖大道"),
		at("vocational", "职业教育中心", "望江街道", 1983, 1990).on("北环路"),
		at("vocational", "旅游职业学校", "云湖镇", 1992, 2000).on("湖滨路"),
		at("special", "特殊教育学校", "文昌街道", 1988, 1996),
	)
	return append(out, points...)
}
