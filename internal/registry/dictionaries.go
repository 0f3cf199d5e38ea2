// Package registry is the district's register of schools' classes, students, staff and facilities:
// the data every indicator, enrollment rule and report reads. It validates every record (ID numbers,
// 学籍号, dictionary codes), keeps personal fields encrypted and masked, runs Excel imports and
// exports as background jobs, and carries student transfers between schools.
package registry

// Entry is one value of a dictionary.
type Entry struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Dictionary kinds.
const (
	DictEthnicity  = "ethnicity"
	DictPolitical  = "political"
	DictEducation  = "education"
	DictTitle      = "title"
	DictPost       = "post"
	DictBackbone   = "backbone"
	DictStatus     = "student_status"
	DictDisability = "disability"
	DictRelation   = "relation"
	DictSubject    = "subject"
	DictStaffState = "staff_status"
)

// DictNames are the Chinese names of the dictionaries.
var DictNames = map[string]string{
	DictEthnicity: "民族（GB/T 3304）", DictPolitical: "政治面貌", DictEducation: "最高学历", DictTitle: "职称",
	DictPost: "岗位类别", DictBackbone: "骨干教师级别", DictStatus: "学籍状态", DictDisability: "残疾类别",
	DictRelation: "监护人关系", DictSubject: "任教学科", DictStaffState: "在职状态",
}

func entries(names ...string) []Entry {
	out := make([]Entry, len(names))
	for i, n := range names {
		out[i] = Entry{Code: n, Name: n}
	}
	return out
}

// Ethnicities is GB/T 3304 民族代码.
var Ethnicities = []Entry{
	{"01", "汉族"}, {"02", "蒙古族"}, {"03", "回族"}, {"04", "藏族"}, {"05", "维吾尔族"}, {"06", "苗族"}, {"07", "彝族"},
	{"08", "壮族"}, {"09", "布依族"}, {"10", "朝鲜族"}, {"11", "满族"}, {"12", "侗族"}, {"13", "瑶族"}, {"14", "白族"},
	{"15", "土家族"}, {"16", "哈尼族"}, {"17", "哈萨克族"}, {"18", "傣族"}, {"19", "黎族"}, {"20", "傈僳族"}, {"21", "佤族"},
	{"22", "畲族"}, {"23", "高山族"}, {"24", "拉祜族"}, {"25", "水族"}, {"26", "东乡族"}, {"27", "纳西族"}, {"28", "景颇族"},
	{"29", "柯尔克孜族"}, {"30", "土族"}, {"31", "达斡尔族"}, {"32", "仫佬族"}, {"33", "羌族"}, {"34", "布朗族"},
	{"35", "撒拉族"}, {"36", "毛南族"}, {"37", "仡佬族"}, {"38", "锡伯族"}, {"39", "阿昌族"}, {"40", "普米族"},
	{"41", "塔吉克族"}, {"42", "怒族"}, {"43", "乌孜别克族"}, {"44", "俄罗斯族"}, {"45", "鄂温克族"}, {"46", "德昂族"},
	{"47", "保安族"}, {"48", "裕固族"}, {"49", "京族"}, {"50", "塔塔尔族"}, {"51", "独龙族"}, {"52", "鄂伦春族"},
	{"53", "赫哲族"}, {"54", "门巴族"}, {"55", "珞巴族"}, {"56", "基诺族"}, {"97", "其他"}, {"98", "外国血统中国籍人士"},
}

// DefaultDictionaries are the values a new district starts with; the 系统管理员 edits them.
var DefaultDictionaries = map[string][]Entry{
	DictEthnicity:  Ethnicities,
	DictPolitical:  entries("中共党员", "中共预备党员", "共青团员", "民主党派", "群众"),
	DictEducation:  entries("研究生", "本科", "专科", "高中及以下"),
	DictTitle:      entries("正高级", "高级", "一级", "二级", "三级", "未定级"),
	DictPost:       entries("专任教师", "行政", "教辅", "工勤"),
	DictBackbone:   entries("国家级", "省级", "市级", "县级"),
	DictStatus:     entries("在读", "转出", "休学", "毕业", "辍学", "死亡"),
	DictDisability: entries("视力", "听力", "言语", "肢体", "智力", "精神", "多重"),
	DictRelation:   entries("父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "其他"),
	DictSubject: entries("语文", "数学", "英语", "科学", "物理", "化学", "生物", "道德与法治", "历史", "地理", "体育",
		"音乐", "美术", "信息技术", "心理健康", "劳动", "综合实践", "学前教育", "特殊教育", "通用技术", "专业课"),
	DictStaffState: entries("在职", "调出", "退休", "离职"),
}

// Dicts is a loaded set of dictionaries: kind → code → name.
type Dicts map[string]map[string]string

// NewDicts indexes dictionaries.
func NewDicts(src map[string][]Entry) Dicts {
	d := Dicts{}
	for kind, es := range src {
		m := make(map[string]string, len(es))
		for _, e := range es {
			m[e.Code] = e.Name
		}
		d[kind] = m
	}
	return d
}

// Lookup resolves a code or a name to the code.
func (d Dicts) Lookup(kind, v string) (string, bool) {
	m := d[kind]
	if _, ok := m[v]; ok {
		return v, true
	}
	for code, name := range m {
		if name == v {
			return code, true
		}
	}
	return "", false
}

// Name returns the display name of a code.
func (d Dicts) Name(kind, code string) string {
	if n, ok := d[kind][code]; ok {
		return n
	}
	return code
}
