package excel

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// check compares a normaliser's result with the expected value or Chinese reason.
func check[T comparable](t *testing.T, name, in string, got T, err error, want T, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil {
			t.Errorf("%s(%q) = %v, want error %q", name, in, got, wantErr)
			return
		}
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%s(%q) error %T, want *ValueError", name, in, err)
		}
		if err.Error() != wantErr {
			t.Errorf("%s(%q) error\n got %q\nwant %q", name, in, err.Error(), wantErr)
		}
		return
	}
	if err != nil {
		t.Errorf("%s(%q) unexpected error %q", name, in, err)
		return
	}
	if got != want {
		t.Errorf("%s(%q) = %v, want %v", name, in, got, want)
	}
}

func TestText(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"", "", ""},
		{"   ", "", ""},
		{"张三", "张三", ""},
		{"  张三 ", "张三", ""},
		{"\u3000张三\u3000", "张三", ""},             // full-width spaces
		{"\u00a0张三\u00a0", "张三", ""},             // no-break spaces
		{"张\u200b三\ufeff", "张三", ""},             // zero-width space, byte-order mark
		{"\u200d\u200c\u2060李四\u00ad", "李四", ""}, // joiners, word joiner, soft hyphen
		{"张\u3000三", "张三", ""},                   // padded two-character name
		{"张 \t 三", "张三", ""},
		{"北京市 海淀区", "北京市海淀区", ""},
		{"海淀区\n中关村大街 1 号", "海淀区中关村大街 1 号", ""}, // Alt+Enter line break between Chinese characters
		{"No.1\r\nMiddle  School", "No.1 Middle School", ""},
		{"a\tb", "a b", ""},
		{"a\x00b\x07c", "abc", ""}, // control characters
		{"１２３", "123", ""},
		{"ＡＢＣａｂｃ", "ABCabc", ""},
		{"北京市第一中学（东校区）", "北京市第一中学(东校区)", ""},
		{"２０１５－０９－０１", "2015-09-01", ""},
		{"３班", "3班", ""},
		{"你好，世界！是吗？注：是；", "你好，世界！是吗？注：是；", ""}, // prose punctuation kept
		{"＃Ｎ／Ａ", "", "是公式计算出错的结果（#N/A），请改为实际的值（可复制后“选择性粘贴”为数值）"},
		{"#N/A", "", "是公式计算出错的结果（#N/A），请改为实际的值（可复制后“选择性粘贴”为数值）"},
		{"#VALUE!", "", "是公式计算出错的结果（#VALUE!），请改为实际的值（可复制后“选择性粘贴”为数值）"},
		{" #REF! ", "", "是公式计算出错的结果（#REF!），请改为实际的值（可复制后“选择性粘贴”为数值）"},
		{"#DIV/0!", "", "是公式计算出错的结果（#DIV/0!），请改为实际的值（可复制后“选择性粘贴”为数值）"},
		{"#1 中学", "#1 中学", ""},
		{"张\ufffd三", "", "含有无法识别的乱码字符（�），可能是文件编码不对：请检查该单元格的内容"},
		{"\xd5\xc5\xc8\xfd", "", "含有无法识别的乱码字符（�），可能是文件编码不对：请检查该单元格的内容"}, // 张三 in GBK read as UTF-8
	}
	for _, c := range cases {
		got, err := Text(c.in)
		check(t, "Text", c.in, got, err, c.want, c.err)
	}
}

func TestBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\u3000", "\u00a0\u200b\t\n", "\ufeff"} {
		if !Blank(s) {
			t.Errorf("Blank(%q) = false", s)
		}
	}
	for _, s := range []string{"0", " a ", "\u3000张"} {
		if Blank(s) {
			t.Errorf("Blank(%q) = true", s)
		}
	}
}

func TestDigits(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
		err  string
	}{
		{"", 10, "", ""},
		{"1101050001", 10, "1101050001", ""},
		{" 1101050001\u3000", 10, "1101050001", ""},
		{"１１０１０５０００１", 10, "1101050001", ""},   // full-width digits
		{"1101050001.0", 10, "1101050001", ""}, // number cell through CSV/pandas
		{"1101050001.00", 10, "1101050001", ""},
		{"12345", 0, "12345", ""},
		{"\u200b12345", 0, "12345", ""},
		{"1.10105E+17", 18, "", "被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"1.10105e17", 18, "", "被 Excel 转成了科学计数法（1.10105e17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"110105E+12", 18, "", "被 Excel 转成了科学计数法（110105E+12），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"1.10105200001011E+17", 18, "", "被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"１．１０１０５Ｅ＋１７", 18, "", "被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"1.1E+9", 10, "", "被 Excel 转成了科学计数法（1.1E+9）：请把该列设为文本格式后重新输入完整号码"},
		{"110105200001011000.0", 18, "", "被当成数字保存过（110105200001011000.0），Excel 只保留 15 位有效数字，后几位已丢失：请把该列设为文本格式后重新输入"},
		{"1101050001.5", 10, "", "不应含小数点（1101050001.5）：请填写完整的号码"},
		{"110105 0001", 10, "", "号码中间有空格或“-”（110105 0001），请删除后重新输入"},
		{"110105-0001", 10, "", "号码中间有空格或“-”（110105-0001），请删除后重新输入"},
		{"11010500O1", 10, "", "只能填数字，第 9 位是字母“O”（应为数字 0？）"},
		{"110105000l", 10, "", "只能填数字，第 10 位是字母“l”（应为数字 1？）"},
		{"一一零", 0, "", "只能填数字，第 1 位是“一”"},
		{"110105001", 10, "", "应为 10 位数字，实际只有 9 位（110105001）：如果开头的 0 被 Excel 去掉了，请把该列设为文本格式后重新输入"},
		{"11010500011", 10, "", "应为 10 位数字，实际有 11 位（11010500011）"},
		{"1101****01", 10, "", "含有“*”，像是脱敏（打码）后的号码（1101****01）：请填写完整号码"},
		{"#N/A", 10, "", "是公式计算出错的结果（#N/A），请改为实际的值（可复制后“选择性粘贴”为数值）"},
	}
	for _, c := range cases {
		got, err := Digits(c.in, c.n)
		check(t, "Digits", c.in, got, err, c.want, c.err)
	}
}

func TestIDLike(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"", "", ""},
		{"11010520000101123X", "11010520000101123X", ""},
		{"11010520000101123x", "11010520000101123x", ""}, // case kept: the ID layer upper-cases
		{"１１０１０５２００００１０１１２３Ｘ", "11010520000101123X", ""},
		{" 110105200001011234\u00a0", "110105200001011234", ""},
		{"G110105200001011234", "G110105200001011234", ""},
		{"110105000101123.0", "110105000101123", ""}, // a 15-digit number cell is exact
		{"1.10105E+17", "", "被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{"110105200001011234.0", "", "被当成数字保存过（110105200001011234.0），Excel 只保留 15 位有效数字，后几位已丢失：请把该列设为文本格式后重新输入"},
		{"110105 20000101 1234", "", "号码中间有空格或“-”（110105 20000101 1234），请删除后重新输入"},
		{"110105********1234", "", "含有“*”，像是脱敏（打码）后的号码（110105********1234）：请填写完整号码"},
		{"11010520000101123×", "", "只能填数字和字母，第 18 位是“×”"},
		{"'110105200001011234", "110105200001011234", ""}, // Excel's text mark kept by another program
		{"‘110105200001011234", "110105200001011234", ""},
		{"1101052000'01011234", "", "只能填数字和字母，第 11 位是“'”"},
	}
	for _, c := range cases {
		got, err := IDLike(c.in)
		check(t, "IDLike", c.in, got, err, c.want, c.err)
	}
}

func TestPhone(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"", "", ""},
		{"13800000000", "13800000000", ""},
		{"13800000000.0", "13800000000", ""}, // exact: 11 digits
		{"'13800000000", "13800000000", ""},
		{"138 0000 0000", "13800000000", ""},
		{"138-0000-0000", "13800000000", ""},
		{"１３８００００００００", "13800000000", ""},
		{"+86 138 0000 0000", "13800000000", ""},
		{"+8613800000000", "13800000000", ""},
		{"8613800000000", "13800000000", ""},
		{"0086-13800000000", "13800000000", ""},
		{"010-12345678", "010-12345678", ""},
		{"01012345678", "010-12345678", ""},
		{"0571-8888888", "0571-8888888", ""},
		{"057188888888", "0571-88888888", ""},
		{"(0571)88888888", "0571-88888888", ""},
		{"（0571）88888888", "0571-88888888", ""},
		{"88888888", "88888888", ""},
		{"1.38E+10", "", "被 Excel 转成了科学计数法（1.38E+10）：请把该列设为文本格式后重新输入完整号码"},
		{"138****0000", "", "含有“*”，像是脱敏（打码）后的号码（138****0000）：请填写完整号码"},
		{"13800000000/13900000000", "", "只能填一个电话号码（13800000000/13900000000）"},
		{"13800000000、13900000000", "", "只能填一个电话号码（13800000000、13900000000）"},
		{"0571-88888888转808", "", "不能带分机号（0571-88888888转808）"},
		{"0571-88888888-808", "", "不能带分机号（0571-88888888-808）"},
		{"12800000000", "", "不是有效的手机号（12800000000）：第 2 位应为 3–9"},
		{"1380000000", "", "不是有效的电话号码（1380000000）：手机号应为 11 位数字，固定电话应为“区号-号码”"},
		{"138000000000", "", "不是有效的电话号码（138000000000）：手机号应为 11 位数字，固定电话应为“区号-号码”"},
		{"057-12345678", "", "区号“057”位数不对（057-12345678）：010 和 02X 为 3 位，其他区号为 4 位"},
		{"0571-123456", "", "不是有效的固定电话（0571-123456）：应为“区号-号码”，号码 7 或 8 位"},
		{"手机13800000000", "", "电话号码只能含数字，第 1 位是“手”"},
		{"13800000000.5", "", "不应含小数点（13800000000.5）：请填写完整的号码"},
	}
	for _, c := range cases {
		got, err := Phone(c.in)
		check(t, "Phone", c.in, got, err, c.want, c.err)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDate(t *testing.T) {
	sep1 := day(2015, 9, 1)
	cases := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"", time.Time{}, ""},
		{"2015-09-01", sep1, ""},
		{"2015-9-1", sep1, ""},
		{"2015/9/1", sep1, ""},
		{"2015/09/01", sep1, ""},
		{"2015.9.1", sep1, ""},
		{"2015年9月1日", sep1, ""},
		{"2015年09月01日", sep1, ""},
		{"2015年9月1号", sep1, ""},
		{"2015 年 9 月 1 日", sep1, ""},
		{"20150901", sep1, ""},
		{"２０１５－０９－０１", sep1, ""},
		{" 2015-09-01\u3000", sep1, ""},
		{"42248", sep1, ""},                         // serial
		{"42248.0", sep1, ""},                       // serial from a number cell
		{"42248.75", sep1, ""},                      // serial with a time of day
		{"2015-09-01 00:00:00", sep1, ""},           // excelize / database form
		{"2015-09-01T00:00:00Z", sep1, ""},          // RFC 3339
		{"2015-09-01 00:00:00 +0000 UTC", sep1, ""}, // time.Time.String
		{"2015/9/1 0:00", sep1, ""},                 // Excel's display of a date-time
		{"13/9/2015", day(2015, 9, 13), ""},         // day/month/year: only one reading
		{"9/13/2015", day(2015, 9, 13), ""},         // month/day/year: only one reading
		{"5/5/2015", day(2015, 5, 5), ""},
		{"1", day(1900, 1, 1), ""},
		{"59", day(1900, 2, 28), ""},
		{"61", day(1900, 3, 1), ""},
		{"2016-02-29", day(2016, 2, 29), ""},
		{"60", time.Time{}, "Excel 日期序号 60 对应 1900-02-29，这一天并不存在（Excel 的 1900 年闰年错误）：请重新输入日期"},
		{"0", time.Time{}, "日期序号 0 不是有效日期"},
		{"-1", time.Time{}, "日期序号 -1 不是有效日期"},
		{"9/1/2015", time.Time{}, "无法确定“9/1/2015”是 9 月 1 日还是 1 月 9 日：请写成 年-月-日，如 2015-09-01"},
		{"15-9-1", time.Time{}, "年份只写了两位（15-9-1），请写完整的四位年份，如 2015-09-01"},
		{"9/1/15", time.Time{}, "年份只写了两位（9/1/15），请写完整的四位年份，如 2015-09-01"},
		{"15年9月1日", time.Time{}, "年份只写了两位（15），请写完整的四位年份，如 2015-09-01"},
		{"2015-02-29", time.Time{}, "2015 年 2 月没有 29 日"},
		{"2015-09-31", time.Time{}, "2015 年 9 月没有 31 日"},
		{"2015-13-01", time.Time{}, "月份 13 不存在"},
		{"2015-00-10", time.Time{}, "月份 0 不存在"},
		{"2015-09-00", time.Time{}, "2015 年 9 月没有 0 日"},
		{"20150231", time.Time{}, "2015 年 2 月没有 31 日"},
		{"1800-01-01", time.Time{}, "年份 1800 不合理（应在 1900–2200 之间）"},
		{"2015", time.Time{}, "只写了年份（2015），缺少月、日：请写成 年-月-日，如 2015-09-01"},
		{"2015年", time.Time{}, "只写了年份（2015年），缺少月、日：请写成 年-月-日，如 2015-09-01"},
		{"2015-09", time.Time{}, "只写了年月（2015-09），缺少日：请写成 年-月-日，如 2015-09-01"},
		{"2015.9", time.Time{}, "只写了年月（2015.9），缺少日：请写成 年-月-日，如 2015-09-01"},
		{"2015年9月", time.Time{}, "缺少日（2015年9月）：请写成 年-月-日，如 2015-09-01"},
		{"201509", time.Time{}, "无法确定“201509”是年月还是两位年份的日期：请写成 年-月-日，如 2015-09-01"},
		{"9-1", time.Time{}, "缺少年份（9-1）：请写成 年-月-日，如 2015-09-01"},
		{"2015-9/1", time.Time{}, "日期的分隔符不一致（2015-9/1）：请写成 年-月-日，如 2015-09-01"},
		{"九月一日", time.Time{}, "不是有效的日期（九月一日）：请写成 年-月-日，如 2015-09-01"},
		{"2015-09-01-02", time.Time{}, "不是有效的日期（2015-09-01-02）：请写成 年-月-日，如 2015-09-01"},
		{"9999999", time.Time{}, "日期序号 9999999 对应 29279 年，不合理：请检查该日期"},
		{"#N/A", time.Time{}, "是公式计算出错的结果（#N/A），请改为实际的值（可复制后“选择性粘贴”为数值）"},
	}
	for _, c := range cases {
		got, err := Date(c.in)
		check(t, "Date", c.in, got, err, c.want, c.err)
	}
}

func TestDate1904(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"0", day(1904, 1, 1), ""},
		{"40786", day(2015, 9, 1), ""}, // 42248 − 1462
		{"60", day(1904, 3, 1), ""},    // no leap-year bug in the 1904 system
		{"2015-09-01", day(2015, 9, 1), ""},
		{"-1", time.Time{}, "日期序号 -1 不是有效日期"},
	}
	for _, c := range cases {
		got, err := Date1904(c.in)
		check(t, "Date1904", c.in, got, err, c.want, c.err)
	}
	if got := DateText("42248", false); got != "2015-09-01" {
		t.Errorf("DateText(42248) = %q", got)
	}
	if got := DateText("40786", true); got != "2015-09-01" {
		t.Errorf("DateText(40786, 1904) = %q", got)
	}
	if got := DateText("不详", false); got != "不详" {
		t.Errorf("DateText(不详) = %q", got)
	}
}

func TestInt(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		err  string
	}{
		{"", 0, ""},
		{"45", 45, ""},
		{" 45 ", 45, ""},
		{"４５", 45, ""},
		{"45.0", 45, ""},
		{"1,234", 1234, ""},
		{"１，２３４", 1234, ""},
		{"1,234,567", 1234567, ""},
		{"-3", -3, ""},
		{"+3", 3, ""},
		{"−3", -3, ""},
		{"12.5", 0, "应为整数，不能有小数（12.5）"},
		{"50%", 0, "应为整数，不能是百分数（50%）"},
		{"45人", 0, "请只填数字，不要带单位或文字“人”（45人）"},
		{"45 人", 0, "请只填数字，不要带单位或文字“人”（45 人）"},
		{"1E+3", 0, "是科学计数法（1E+3）：请填写完整的整数"},
		{"12,34", 0, "千分位分隔符“,”位置不对（12,34）：如果是小数，请用小数点“.”"},
		{"1,2345", 0, "千分位分隔符“,”位置不对（1,2345）：如果是小数，请用小数点“.”"},
		{"abc", 0, "不是数字（abc）"},
		{"-", 0, "不是有效的数字（-）"},
		{"1.2.3", 0, "不是有效的数字（1.2.3）：小数点多于一个"},
		{"99999999999999999999", 0, "数值太大（99999999999999999999）"},
	}
	for _, c := range cases {
		got, err := Int(c.in)
		check(t, "Int", c.in, got, err, c.want, c.err)
	}
}

func TestDecimal(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		err  string
	}{
		{"", 0, ""},
		{"1234.5", 1234.5, ""},
		{"1,234.5", 1234.5, ""},
		{"１，２３４．５", 1234.5, ""},
		{"-0.5", -0.5, ""},
		{".5", 0.5, ""},
		{"12.5%", 0.125, ""},
		{"12.5％", 0.125, ""},
		{"1.5E-05", 1.5e-05, ""},
		{"2.5E+3", 2500, ""},
		{"0.30000000000000004", 0.30000000000000004, ""},
		{"1200㎡", 0, "请只填数字，不要带单位或文字“㎡”（1200㎡）"},
		{"35.5万元", 0, "请只填数字，不要带单位或文字“万元”（35.5万元）"},
		{"1,234.5,6", 0, "千分位分隔符“,”位置不对（1,234.5,6）"},
		{"12,34.5", 0, "千分位分隔符“,”位置不对（12,34.5）：如果是小数，请用小数点“.”"},
		{"1.2.3", 0, "不是有效的数字（1.2.3）：小数点多于一个"},
		{"NaN", 0, "不是数字（NaN）"},
		{"Inf", 0, "不是数字（Inf）"},
		{"1E+400", 0, "不是有效的数字（1E+400）"},
		{"无", 0, "不是数字（无）"},
	}
	for _, c := range cases {
		got, err := Decimal(c.in)
		check(t, "Decimal", c.in, got, err, c.want, c.err)
	}
}

func TestBool(t *testing.T) {
	const bad = "应填“是”或“否”（也可填 Y/N、1/0、√/×），不能是“%s”"
	cases := []struct {
		in   string
		want bool
		err  string
	}{
		{"", false, ""},
		{"是", true, ""}, {"否", false, ""},
		{"Y", true, ""}, {"n", false, ""}, {"ｙ", true, ""},
		{"yes", true, ""}, {"No", false, ""},
		{"TRUE", true, ""}, {"false", false, ""},
		{"1", true, ""}, {"0", false, ""}, {"1.0", true, ""},
		{"√", true, ""}, {"×", false, ""}, {"✓", true, ""}, {"✗", false, ""},
		{" 是 ", true, ""},
		{"x", false, strings.Replace(bad, "%s", "x", 1)},
		{"有", false, strings.Replace(bad, "%s", "有", 1)},
		{"2", false, strings.Replace(bad, "%s", "2", 1)},
	}
	for _, c := range cases {
		got, err := Bool(c.in)
		check(t, "Bool", c.in, got, err, c.want, c.err)
	}
}

func TestEnum(t *testing.T) {
	sex := map[string]string{"1": "男", "2": "女"}
	ethnic := map[string]string{}
	names := []string{"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族"}
	for i, n := range names {
		ethnic[string(rune('0'+(i+1)/10))+string(rune('0'+(i+1)%10))] = n
	}
	kind := map[string]string{"GB": "公办", "MB": "民办"}
	cases := []struct {
		in      string
		allowed map[string]string
		want    string
		err     string
	}{
		{"", sex, "", ""},
		{"男", sex, "1", ""},
		{" 女 ", sex, "2", ""},
		{"1", sex, "1", ""},
		{"汉族", ethnic, "01", ""},
		{"01", ethnic, "01", ""},
		{"1", ethnic, "01", ""},   // a number cell dropped the leading zero
		{"1.0", ethnic, "01", ""}, // and came back with a fraction
		{"12", ethnic, "12", ""},
		{"gb", kind, "GB", ""},
		{"民 办", kind, "MB", ""},
		{"男生", sex, "", "“男生”不是可选值；是否应为“男”？可选值：男、女"},
		{"未知", sex, "", "“未知”不是可选值。可选值：男、女"},
		{"汉", ethnic, "", "“汉”不是可选值；是否应为“汉族”？可选值：汉族、蒙古族、回族、藏族、维吾尔族、苗族、彝族、壮族、布依族、朝鲜族 等 12 项（完整列表见模板中的下拉选项）"},
		{"13", ethnic, "", "“13”不是可选值。可选值：汉族、蒙古族、回族、藏族、维吾尔族、苗族、彝族、壮族、布依族、朝鲜族 等 12 项（完整列表见模板中的下拉选项）"},
	}
	for _, c := range cases {
		got, err := Enum(c.in, c.allowed)
		check(t, "Enum", c.in, got, err, c.want, c.err)
	}
	if got := Choices(map[string]string{"10": "十", "2": "二", "1": "一"}); strings.Join(got, ",") != "一,二,十" {
		t.Errorf("Choices order = %v", got)
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"身份证件号", "身份证号", 1}, {"性别", "民族", 2}, {"abc", "", 3}, {"kitten", "sitting", 3},
	}
	for _, c := range cases {
		if d := editDistance(c.a, c.b); d != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, d, c.d)
		}
	}
}

func TestCellError(t *testing.T) {
	cases := []struct {
		e    CellError
		want string
	}{
		{CellError{Row: 12, Column: "D", Title: "身份证号", Message: "被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
			"第 12 行 D 列（身份证号）：被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"},
		{CellError{Row: 3, Column: "F", Message: "x"}, "第 3 行 F 列：x"},
		{CellError{Row: 3, Title: "身份证号", Message: "缺少必填列"}, "第 3 行：缺少必填列"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q\nwant %q", got, c.want)
		}
	}
	if ref := (CellError{Row: 12, Column: "D"}).Ref(); ref != "D12" {
		t.Errorf("Ref = %q", ref)
	}
}

func TestErrorsCollector(t *testing.T) {
	c := NewErrors(3)
	if c.Err() != nil || c.Summary() != "没有发现错误" {
		t.Fatal("empty collector")
	}
	for row := 5; row < 10; row++ {
		c.Add(CellError{Row: row, Column: "B", Title: "姓名", Message: "请填写姓名"},
			CellError{Row: row, Column: "D", Title: "身份证号", Message: "校验位错误"})
	}
	if c.Total() != 10 || len(c.List()) != 3 || c.Omitted() != 7 || c.Rows() != 5 {
		t.Fatalf("total %d kept %d omitted %d rows %d", c.Total(), len(c.List()), c.Omitted(), c.Rows())
	}
	want := "共 10 处错误（涉及 5 行），以下仅列出前 3 处\n第 5 行 B 列（姓名）：请填写姓名\n第 5 行 D 列（身份证号）：校验位错误\n第 6 行 B 列（姓名）：请填写姓名"
	if got := c.Err().Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if m := c.Messages(); len(m) != 3 || m[1] != "第 5 行 D 列（身份证号）：校验位错误" {
		t.Errorf("Messages = %q", m)
	}
	var zero Errors
	zero.Add(CellError{Row: 1, Message: "x"})
	if zero.Total() != 1 || len(zero.List()) != 1 {
		t.Error("zero value collector")
	}
}
