package excel

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The normalisers below turn one cell, as read from a workbook, into a clean value. They are pure
// and entity-agnostic: the registry applies them column by column.
//
// Conventions shared by all of them:
//   - A blank cell (empty, or only spaces and invisible characters) gives the zero value and a nil
//     error. Whether a value is required is the caller's decision; Blank tells a blank cell.
//   - A rejected cell gives a *ValueError whose Reason is a Chinese sentence written to follow a
//     "第 12 行 D 列（身份证号）：" prefix (see CellError), so it does not repeat the column name.
//   - Every normaliser first applies Text, so stray spaces, invisible characters, full-width
//     letters and digits and Excel formula errors are handled the same way everywhere.

// ValueError is a cell value a normaliser rejects.
type ValueError struct {
	Value  string // the cell as given
	Reason string // Chinese, reads after "第 n 行 X 列（标题）："
}

func (e *ValueError) Error() string { return e.Reason }

func reject(value, format string, args ...any) *ValueError {
	return &ValueError{Value: value, Reason: fmt.Sprintf(format, args...)}
}

// Blank reports whether a cell holds nothing but spaces and invisible characters.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !invisible(r) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------------------------
// Text

// keptFullWidth are full-width punctuation marks that are ordinary Chinese punctuation in prose
// (names of schools, addresses, notes); Text leaves them alone. Every other character of the
// full-width ASCII block U+FF01–U+FF5E (digits, letters, （）－ and the other symbols) becomes its
// half-width form.
func keptFullWidth(r rune) bool {
	switch r {
	case '！', '，', '：', '；', '？':
		return true
	}
	return false
}

// invisible reports characters that carry no text: format characters (zero-width space and
// joiners, byte-order mark, soft hyphen, direction marks) and control characters other than
// white space.
func invisible(r rune) bool {
	if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
		return !unicode.IsSpace(r)
	}
	return r >= 0xad && unicode.Is(unicode.Cf, r)
}

func halfWidth(r rune) rune {
	if r >= 0xff01 && r <= 0xff5e && !keptFullWidth(r) {
		return r - 0xfee0
	}
	return r
}

func isHan(r rune) bool { return r >= 0x2e80 && unicode.Is(unicode.Han, r) }

// excelErrors are the values Excel stores in a cell whose formula failed.
var excelErrors = map[string]bool{
	"#N/A": true, "#VALUE!": true, "#REF!": true, "#DIV/0!": true, "#NUM!": true, "#NAME?": true,
	"#NULL!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true, "#FIELD!": true,
	"#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// plainASCII reports whether s needs no work from Text: printable ASCII, no space at either end
// and no two spaces in a row.
func plainASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// Text cleans a text cell:
//   - removes leading and trailing white space, including the full-width space U+3000 and the
//     no-break space, and drops invisible characters anywhere (zero-width space and joiners,
//     byte-order mark, soft hyphen, direction marks, control characters);
//   - folds every inner run of white space (spaces, tabs, line breaks from Alt+Enter) into one
//     space — and removes it altogether between two Chinese characters, where a space has no
//     meaning and usually pads a two-character name ("张　三" → "张三");
//   - turns full-width digits, letters and symbols (０-９ Ａ-Ｚ ａ-ｚ （）－ …) into half-width,
//     keeping the Chinese prose punctuation ！，：；？ as it is.
//
// It rejects a formula error value (#N/A, #VALUE! …) and a value with the replacement character
// U+FFFD (or invalid UTF-8), which marks text garbled by a wrong encoding. Text is idempotent.
func Text(s string) (string, error) {
	if plainASCII(s) {
		if s != "" && s[0] == '#' && excelErrors[strings.ToUpper(s)] {
			return "", reject(s, "是公式计算出错的结果（%s），请改为实际的值（可复制后“选择性粘贴”为数值）", s)
		}
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var prev rune
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return "", reject(s, "含有无法识别的乱码字符（�），可能是文件编码不对：请检查该单元格的内容")
		case unicode.IsSpace(r):
			space = true
			continue
		case invisible(r):
			continue
		}
		r = halfWidth(r)
		if space && b.Len() > 0 && !(isHan(prev) && isHan(r)) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		prev = r
	}
	out := b.String()
	if out != "" && out[0] == '#' && excelErrors[strings.ToUpper(out)] {
		return "", reject(s, "是公式计算出错的结果（%s），请改为实际的值（可复制后“选择性粘贴”为数值）", out)
	}
	return out, nil
}

// ---------------------------------------------------------------------------------------------
// Codes: Digits, IDLike, Phone

// scientific reports whether s is a number in scientific notation, such as "1.10105E+17",
// "1.10105e17" or "110105E+12".
func scientific(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	mant := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		mant++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			mant++
		}
	}
	if mant == 0 || i >= len(s) || s[i] != 'E' && s[i] != 'e' {
		return false
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	exp := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		exp++
	}
	return exp > 0 && i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// excelGeneral renders a number the way Excel's General format shows it in a cell: at most 11
// characters, so an 18-digit number reads "1.10105E+17".
func excelGeneral(v float64) string {
	for prec := 5; prec >= 0; prec-- {
		s := strconv.FormatFloat(v, 'E', prec, 64)
		mant, exp, _ := strings.Cut(s, "E")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		sign := exp[0]
		digits := strings.TrimLeft(exp[1:], "0")
		for len(digits) < 2 {
			digits = "0" + digits
		}
		out := mant + "E" + string(sign) + digits
		if len(out) <= 11 || prec == 0 {
			return out
		}
	}
	return strconv.FormatFloat(v, 'E', -1, 64)
}

// sciReject explains a code that Excel turned into scientific notation. The value shown is what
// the clerk sees in the cell: the text itself when short, else Excel's General display.
func sciReject(orig, s string) *ValueError {
	shown := s
	v, err := strconv.ParseFloat(s, 64)
	if utf8.RuneCountInString(s) > 11 && err == nil {
		shown = excelGeneral(v)
	}
	if err == nil && math.Abs(v) >= 1e15 {
		return reject(orig, "被 Excel 转成了科学计数法（%s），后几位已丢失：请把该列设为文本格式后重新输入", shown)
	}
	return reject(orig, "被 Excel 转成了科学计数法（%s）：请把该列设为文本格式后重新输入完整号码", shown)
}

// maxExactDigits is Excel's precision: a number cell keeps 15 significant digits and silently
// turns any further digits into zeros.
const maxExactDigits = 15

// dropNumericFraction handles a code that went through a number cell and came back with a
// fraction of zeros ("13800000000.0", as pandas, CSV exports and some WPS versions write it). It
// is accepted only when the integer part has at most 15 digits, because only then can no digit
// have been lost; a longer one is rejected. A non-zero fraction is rejected.
func dropNumericFraction(orig, s string) (string, *ValueError) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || !allDigits(whole) || frac != "" && !allDigits(frac) {
		return s, nil
	}
	if strings.Trim(frac, "0") != "" {
		return "", reject(orig, "不应含小数点（%s）：请填写完整的号码", s)
	}
	if len(whole) > maxExactDigits {
		return "", reject(orig, "被当成数字保存过（%s），Excel 只保留 15 位有效数字，后几位已丢失：请把该列设为文本格式后重新输入", s)
	}
	return whole, nil
}

// masked reports a value masked for display ("110105********1234", "138****0000"), typically
// copied from an export.
func masked(s string) bool { return strings.Contains(s, "*") }

func describeChar(r rune) string {
	switch r {
	case 'O', 'o':
		return fmt.Sprintf("字母“%c”（应为数字 0？）", r)
	case 'l', 'I':
		return fmt.Sprintf("字母“%c”（应为数字 1？）", r)
	case ' ':
		return "空格"
	}
	return "“" + string(r) + "”"
}

// textPrefix strips one leading apostrophe — Excel's way of typing a number as text, which
// survives as a character when the value went through another program — or a Chinese quote mark
// an input method typed in its place. No code contains one, so this is safe.
func textPrefix(t string) string {
	for _, q := range []string{"'", "‘", "’", "`"} {
		if rest, ok := strings.CutPrefix(t, q); ok {
			return strings.TrimSpace(rest)
		}
	}
	return t
}

// cleanCode is the part common to Digits and IDLike.
func cleanCode(s string) (string, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return "", err
	}
	t = textPrefix(t)
	if scientific(t) {
		return "", sciReject(s, t)
	}
	if masked(t) {
		return "", reject(s, "含有“*”，像是脱敏（打码）后的号码（%s）：请填写完整号码", t)
	}
	whole, verr := dropNumericFraction(s, t)
	if verr != nil {
		return "", verr
	}
	t = whole
	if strings.ContainsAny(t, " -") {
		return "", reject(s, "号码中间有空格或“-”（%s），请删除后重新输入", t)
	}
	return t, nil
}

// Digits normalises a code made of digits only, such as a 学校标识码 (n = 10) or a 工号: Text's
// cleaning, then
//   - scientific notation ("1.10105E+17") is rejected — Excel has already replaced the last digits
//     with zeros, so the code cannot be recovered;
//   - a fraction of zeros from a number cell ("1101050001.0") is dropped when the code has at most
//     15 digits (Excel's precision, so the value is exact) and rejected otherwise;
//   - spaces or hyphens inside are rejected rather than removed, since in a code they usually mean
//     two values pasted together or a mistyped digit;
//   - n > 0 requires exactly n digits; a short code gets a hint about leading zeros that Excel
//     drops from number cells;
//   - a leading apostrophe (Excel's "type as text" mark, kept literally by some programs) is
//     removed.
//
// An 18-digit code stored in a number cell by a program (not by Excel) arrives with its last digits
// already zeroed and without any mark of it; only the check digit of the identity layer can catch
// that case.
func Digits(s string, n int) (string, error) {
	t, err := cleanCode(s)
	if err != nil || t == "" {
		return t, err
	}
	for i, r := range t {
		if r < '0' || r > '9' {
			return "", reject(s, "只能填数字，第 %d 位是%s", utf8.RuneCountInString(t[:i])+1, describeChar(r))
		}
	}
	if n > 0 && len(t) != n {
		if len(t) < n {
			return "", reject(s, "应为 %d 位数字，实际只有 %d 位（%s）：如果开头的 0 被 Excel 去掉了，请把该列设为文本格式后重新输入", n, len(t), t)
		}
		return "", reject(s, "应为 %d 位数字，实际有 %d 位（%s）", n, len(t), t)
	}
	return t, nil
}

// IDLike normalises a code of digits and Latin letters, such as a 身份证号 or a 学籍号, with the
// same traps as Digits (scientific notation, a fraction of zeros, inner spaces or hyphens, a
// masked value). Full-width digits and letters become half-width; the case of letters is kept —
// upper-casing the check character x is the identity layer's job.
func IDLike(s string) (string, error) {
	t, err := cleanCode(s)
	if err != nil || t == "" {
		return t, err
	}
	for i, r := range t {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return "", reject(s, "只能填数字和字母，第 %d 位是%s", utf8.RuneCountInString(t[:i])+1, describeChar(r))
		}
	}
	return t, nil
}

// Phone normalises one telephone number. A mobile number comes back as its 11 digits: spaces,
// hyphens and dots between digit groups ("138 0000 0000", "138-0000-0000") and a +86, 0086 or 86
// prefix are removed, which is safe because an 11-digit number starting with 1 has only one
// reading. A fixed-line number with an area code comes back as "区号-号码" (010, 02x: three digits;
// others four), a local number of 7 or 8 digits as it is. A fraction of zeros from a number cell
// ("13800000000.0") is accepted since 11 digits are exact in Excel. Rejected: scientific notation,
// masked numbers, two numbers in one cell, extensions, anything else.
func Phone(s string) (string, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return "", err
	}
	t = textPrefix(t)
	if scientific(t) {
		return "", sciReject(s, t)
	}
	if masked(t) {
		return "", reject(s, "含有“*”，像是脱敏（打码）后的号码（%s）：请填写完整号码", t)
	}
	whole, verr := dropNumericFraction(s, t)
	if verr != nil {
		return "", verr
	}
	t = whole
	if strings.ContainsAny(t, "/、,，;；|") || strings.Contains(t, "或") {
		return "", reject(s, "只能填一个电话号码（%s）", t)
	}
	if strings.Contains(t, "转") {
		return "", reject(s, "不能带分机号（%s）", t)
	}
	u := t
	for _, p := range []string{"(+86)", "+86", "0086"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			u = rest
			break
		}
	}
	// Split into digit groups at separators; an area code in parentheses is a group too.
	var groups []string
	cur := strings.Builder{}
	for _, r := range u {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '—' || r == '－':
			if cur.Len() > 0 {
				groups = append(groups, cur.String())
				cur.Reset()
			}
		default:
			return "", reject(s, "电话号码只能含数字，第 %d 位是%s", utf8.RuneCountInString(u[:strings.IndexRune(u, r)])+1, describeChar(r))
		}
	}
	if cur.Len() > 0 {
		groups = append(groups, cur.String())
	}
	all := strings.Join(groups, "")
	if len(all) == 13 && strings.HasPrefix(all, "861") {
		all = all[2:]
		if len(groups) > 0 && groups[0] == "86" {
			groups = groups[1:]
		}
	}
	switch {
	case len(all) == 11 && all[0] == '1':
		if all[1] < '3' {
			return "", reject(s, "不是有效的手机号（%s）：第 2 位应为 3–9", all)
		}
		return all, nil
	case len(all) > 0 && all[0] == '0':
		area := 4
		if len(all) > 1 && (all[1] == '1' || all[1] == '2') {
			area = 3
		}
		if len(groups) > 1 {
			if len(groups[0]) != area {
				return "", reject(s, "区号“%s”位数不对（%s）：010 和 02X 为 3 位，其他区号为 4 位", groups[0], t)
			}
			if len(groups) > 2 && len(groups[len(groups)-1]) <= 4 && len(all)-area > 8 {
				return "", reject(s, "不能带分机号（%s）", t)
			}
		}
		if n := len(all) - area; n < 7 || n > 8 {
			return "", reject(s, "不是有效的固定电话（%s）：应为“区号-号码”，号码 7 或 8 位", t)
		}
		return all[:area] + "-" + all[area:], nil
	case (len(all) == 7 || len(all) == 8) && all[0] != '1':
		return all, nil
	}
	return "", reject(s, "不是有效的电话号码（%s）：手机号应为 11 位数字，固定电话应为“区号-号码”", t)
}

// ---------------------------------------------------------------------------------------------
// Dates

// MinYear and MaxYear bound the years Date accepts; anything outside is a typo in this domain
// (Excel itself cannot store a date before 1900).
const (
	MinYear = 1900
	MaxYear = 2200
)

// Date reads a date cell in the 1900 date system (the default of Excel and WPS). It accepts
//   - 2015-09-01, 2015/9/1, 2015.9.1, 2015年9月1日 (日 or 号), 20150901;
//   - an Excel serial number (42248 → 2015-09-01), as the Reader delivers a cell typed as a date,
//     with the 1900 leap-year bug handled (serials from 61 on count from 1899-12-30; serial 60,
//     the non-existent 1900-02-29, is rejected);
//   - the way excelize or Go print a date-typed value ("2015-09-01 00:00:00", "2015/9/1 0:00",
//     "2015-09-01T00:00:00Z"); a time of day is dropped;
//   - month/day/year with a four-digit year when only one reading exists (13/9/2015, 9/13/2015,
//     5/5/2015).
//
// It rejects a year written with two digits, a year or a year and month alone, a day-month order
// that could be read both ways (9/1/2015), impossible dates (2015-02-29) and years outside
// MinYear–MaxYear. The result is midnight UTC.
func Date(s string) (time.Time, error) { return parseDate(s, false) }

// Date1904 is Date for a workbook in the 1904 date system (Mac Excel before 2011): serial 0 is
// 1904-01-01 and there is no leap-year bug. Reader.Date picks the system of the workbook.
func Date1904(s string) (time.Time, error) { return parseDate(s, true) }

// DateText renders a date cell for display: the date as 2006-01-02 when s reads as one, else s
// unchanged. ErrorBook uses it so that a date cell does not show as its serial number.
func DateText(s string, date1904 bool) string {
	if d, err := parseDate(s, date1904); err == nil && !d.IsZero() {
		return d.Format("2006-01-02")
	}
	return s
}

func ymd(orig string, y, m, d int) (time.Time, error) {
	if y < MinYear || y > MaxYear {
		return time.Time{}, reject(orig, "年份 %d 不合理（应在 %d–%d 之间）", y, MinYear, MaxYear)
	}
	if m < 1 || m > 12 {
		return time.Time{}, reject(orig, "月份 %d 不存在", m)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return time.Time{}, reject(orig, "%d 年 %d 月没有 %d 日", y, m, d)
	}
	return t, nil
}

// serialDate converts an Excel serial number.
func serialDate(orig, num string, date1904 bool) (time.Time, error) {
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return time.Time{}, reject(orig, "不是有效的日期（%s）", num)
	}
	n := int(math.Floor(v))
	var t time.Time
	switch {
	case date1904 && n >= 0:
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	case date1904 || n <= 0:
		return time.Time{}, reject(orig, "日期序号 %s 不是有效日期", num)
	case n == 60:
		return time.Time{}, reject(orig, "Excel 日期序号 60 对应 1900-02-29，这一天并不存在（Excel 的 1900 年闰年错误）：请重新输入日期")
	case n < 60:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	default:
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	}
	if t.Year() > MaxYear {
		return time.Time{}, reject(orig, "日期序号 %s 对应 %d 年，不合理：请检查该日期", num, t.Year())
	}
	return t, nil
}

// cutTime removes a time of day after a date: " 0:00", " 00:00:00", "T00:00:00Z",
// " 00:00:00 +0000 UTC".
func cutTime(s string) string {
	c := strings.IndexByte(s, ':')
	if c < 0 {
		return s
	}
	i := strings.LastIndexAny(s[:c], " T")
	if i <= 0 {
		return s
	}
	for _, r := range s[i+1:] {
		if !(r >= '0' && r <= '9' || strings.ContainsRune(":. +-ZUTC", r)) {
			return s
		}
	}
	return s[:i]
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func parseDate(s string, date1904 bool) (time.Time, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return time.Time{}, err
	}
	u := strings.ReplaceAll(cutTime(t), " ", "")
	if u == "" {
		return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
	}
	// A plain number: 20150901, a serial, or a year alone.
	whole, frac, dot := strings.Cut(u, ".")
	if allDigits(whole) && (!dot || allDigits(frac)) && !strings.Contains(frac, ".") {
		switch {
		case dot && len(whole) == 4 && len(frac) <= 2 && atoi(whole) >= MinYear && atoi(whole) <= MaxYear:
			return time.Time{}, reject(s, "只写了年月（%s），缺少日：请写成 年-月-日，如 2015-09-01", t)
		case len(whole) == 8 && !dot:
			return ymd(s, atoi(u[:4]), atoi(u[4:6]), atoi(u[6:]))
		case len(whole) == 4 && !dot && atoi(whole) >= MinYear && atoi(whole) <= 2100:
			return time.Time{}, reject(s, "只写了年份（%s），缺少月、日：请写成 年-月-日，如 2015-09-01", t)
		case len(whole) == 6 && !dot:
			return time.Time{}, reject(s, "无法确定“%s”是年月还是两位年份的日期：请写成 年-月-日，如 2015-09-01", t)
		case len(whole) <= 7:
			return serialDate(s, u, date1904)
		}
		return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
	}
	if strings.HasPrefix(u, "-") && allDigits(strings.ReplaceAll(u[1:], ".", "")) {
		return time.Time{}, reject(s, "日期序号 %s 不是有效日期", u)
	}
	// 2015年9月1日
	if y, rest, ok := strings.Cut(u, "年"); ok {
		m, rest, okm := strings.Cut(rest, "月")
		d := strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
		switch {
		case !allDigits(y) || okm && !allDigits(m) || okm && d != "" && !allDigits(d):
		case len(y) == 2:
			return time.Time{}, reject(s, "年份只写了两位（%s），请写完整的四位年份，如 2015-09-01", y)
		case len(y) != 4:
		case !okm:
			return time.Time{}, reject(s, "只写了年份（%s），缺少月、日：请写成 年-月-日，如 2015-09-01", t)
		case d == "":
			return time.Time{}, reject(s, "缺少日（%s）：请写成 年-月-日，如 2015-09-01", t)
		case len(m) <= 2 && len(d) <= 2:
			return ymd(s, atoi(y), atoi(m), atoi(d))
		}
		return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
	}
	// Separated forms: one separator among - / . used throughout.
	sep := ""
	for _, c := range []string{"-", "/", "."} {
		if strings.Contains(u, c) {
			if sep != "" {
				return time.Time{}, reject(s, "日期的分隔符不一致（%s）：请写成 年-月-日，如 2015-09-01", t)
			}
			sep = c
		}
	}
	if sep == "" {
		return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
	}
	parts := strings.Split(u, sep)
	for _, p := range parts {
		if !allDigits(p) {
			return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
		}
	}
	switch {
	case len(parts) > 3:
	case len(parts) == 2 && len(parts[0]) == 4:
		return time.Time{}, reject(s, "只写了年月（%s），缺少日：请写成 年-月-日，如 2015-09-01", t)
	case len(parts) == 2:
		return time.Time{}, reject(s, "缺少年份（%s）：请写成 年-月-日，如 2015-09-01", t)
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return ymd(s, atoi(parts[0]), atoi(parts[1]), atoi(parts[2]))
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		a, b, y := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
		switch {
		case a > 12 && b <= 12:
			return ymd(s, y, b, a)
		case b > 12 && a <= 12, a == b:
			return ymd(s, y, a, b)
		case a <= 12 && b <= 12:
			return time.Time{}, reject(s, "无法确定“%s”是 %d 月 %d 日还是 %d 月 %d 日：请写成 年-月-日，如 %d-%02d-%02d", t, a, b, b, a, y, a, b)
		}
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return time.Time{}, reject(s, "年份只写了两位（%s），请写完整的四位年份，如 2015-09-01", t)
	}
	return time.Time{}, reject(s, "不是有效的日期（%s）：请写成 年-月-日，如 2015-09-01", t)
}

// ---------------------------------------------------------------------------------------------
// Numbers

// numberText prepares a number cell: Text, then the full-width comma (kept by Text as prose
// punctuation), the minus sign U+2212 and a dash become ASCII.
func numberText(s string) (string, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return "", err
	}
	return strings.NewReplacer("，", ",", "−", "-", "—", "-").Replace(t), nil
}

// splitNumber splits t into a leading number ([+-] digits, commas, one dot, exponent) and the rest.
func splitNumber(t string) (num, rest string) {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	for i < len(t) && (isDigit(t[i]) || t[i] == ',' || t[i] == '.') {
		i++
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		k := j
		for k < len(t) && isDigit(t[k]) {
			k++
		}
		if k > j {
			i = k
		}
	}
	return t[:i], t[i:]
}

// plainNumber checks the number part and removes thousands separators: the integer part may be
// grouped by commas in threes ("1,234,567"); the fraction may not contain commas.
func plainNumber(orig, t, num string) (string, *ValueError) {
	body := strings.TrimLeft(num, "+-")
	if strings.Count(body, ".") > 1 {
		return "", reject(orig, "不是有效的数字（%s）：小数点多于一个", t)
	}
	mant, exp := body, ""
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, exp = body[:i], body[i:]
	}
	whole, frac, _ := strings.Cut(mant, ".")
	if strings.Contains(frac, ",") {
		return "", reject(orig, "千分位分隔符“,”位置不对（%s）", t)
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return "", reject(orig, "千分位分隔符“,”位置不对（%s）：如果是小数，请用小数点“.”", t)
		}
		whole = strings.ReplaceAll(whole, ",", "")
	}
	if whole == "" && frac == "" {
		return "", reject(orig, "不是有效的数字（%s）", t)
	}
	sign := num[:len(num)-len(body)]
	if len(sign) > 1 {
		return "", reject(orig, "不是有效的数字（%s）", t)
	}
	out := sign + whole
	if strings.Contains(mant, ".") {
		out += "." + frac
	}
	return out + exp, nil
}

func unitReject(orig, t, num, rest string) *ValueError {
	if num != "" && strings.TrimLeft(num, "+-") != "" {
		return reject(orig, "请只填数字，不要带单位或文字“%s”（%s）", strings.TrimSpace(rest), t)
	}
	return reject(orig, "不是数字（%s）", t)
}

// Int reads a whole number: full-width digits, thousands separators ("1,234", "１，２３４") and a
// fraction of zeros from a number cell ("12.0") are accepted. Rejected: a real fraction, a
// percent, scientific notation, a unit or text after the number ("45人"), overflow.
func Int(s string) (int64, error) {
	t, err := numberText(s)
	if err != nil || t == "" {
		return 0, err
	}
	num, rest := splitNumber(t)
	if rest == "%" || rest == "％" {
		return 0, reject(s, "应为整数，不能是百分数（%s）", t)
	}
	if rest != "" {
		return 0, unitReject(s, t, num, rest)
	}
	if scientific(strings.ReplaceAll(num, ",", "")) {
		return 0, reject(s, "是科学计数法（%s）：请填写完整的整数", t)
	}
	p, verr := plainNumber(s, t, num)
	if verr != nil {
		return 0, verr
	}
	if whole, frac, ok := strings.Cut(p, "."); ok {
		if strings.Trim(frac, "0") != "" {
			return 0, reject(s, "应为整数，不能有小数（%s）", t)
		}
		p = whole
	}
	if p == "" || p == "+" || p == "-" {
		return 0, reject(s, "不是数字（%s）", t)
	}
	n, perr := strconv.ParseInt(p, 10, 64)
	if perr != nil {
		return 0, reject(s, "数值太大（%s）", t)
	}
	return n, nil
}

// Decimal reads a number: full-width digits, thousands separators ("1,234.5"), scientific
// notation as Excel stores small and large numbers ("1.5E-05") and a percent ("12.5%" → 0.125)
// are accepted. Rejected: a unit or text after the number, several dots, misplaced commas,
// infinities.
func Decimal(s string) (float64, error) {
	t, err := numberText(s)
	if err != nil || t == "" {
		return 0, err
	}
	num, rest := splitNumber(t)
	percent := false
	if rest == "%" || rest == "％" {
		percent, rest = true, ""
	}
	if rest != "" {
		return 0, unitReject(s, t, num, rest)
	}
	p, verr := plainNumber(s, t, num)
	if verr != nil {
		return 0, verr
	}
	v, perr := strconv.ParseFloat(p, 64)
	if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, reject(s, "不是有效的数字（%s）", t)
	}
	if percent {
		v /= 100
	}
	return v, nil
}

// ---------------------------------------------------------------------------------------------
// Bool and Enum

var boolWords = map[string]bool{
	"是": true, "否": false, "Y": true, "N": false, "YES": true, "NO": false,
	"TRUE": true, "FALSE": false, "1": true, "0": false,
	"√": true, "×": false, "✓": true, "✔": true, "✗": false, "✘": false,
}

// Bool reads a yes/no cell: 是/否, Y/N, YES/NO, TRUE/FALSE (Excel booleans), 1/0, √/× (and the
// check marks ✓✔ ✗✘), case-insensitive. A lone letter x is rejected: in a yes/no column it could
// be a cross or a typo.
func Bool(s string) (bool, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return false, err
	}
	if v, ok := boolWords[strings.ToUpper(t)]; ok {
		return v, nil
	}
	if t == "1.0" {
		return true, nil
	}
	if t == "0.0" {
		return false, nil
	}
	return false, reject(s, "应填“是”或“否”（也可填 Y/N、1/0、√/×），不能是“%s”", t)
}

// MaxChoicesShown is how many choices an Enum message lists before it says how many remain.
const MaxChoicesShown = 10

// Choices lists the allowed values of an enum in code order (numeric codes numerically) as
// "名称" strings, the order used by Enum's hint and by the template's dropdown.
func Choices(allowed map[string]string) []string {
	codes := sortedCodes(allowed)
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = allowed[c]
	}
	return out
}

func sortedCodes(allowed map[string]string) []string {
	codes := make([]string, 0, len(allowed))
	for c := range allowed {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		a, b := codes[i], codes[j]
		if allDigits(a) && allDigits(b) && len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	return codes
}

// Enum reads a dictionary value. allowed maps each code to its Chinese name (民族: "01" → "汉族").
// The cell may hold the name or the code; matching ignores spaces and the case of Latin letters,
// and a numeric code that lost its leading zeros in a number cell ("1" for "01") still matches when
// only one code fits. It returns the code. An unknown value is rejected with the closest name as a
// suggestion and a "可选值：…" hint listing the names, cut after MaxChoicesShown.
func Enum(s string, allowed map[string]string) (string, error) {
	t, err := Text(s)
	if err != nil || t == "" {
		return "", err
	}
	key := foldKey(t)
	if _, ok := allowed[t]; ok {
		return t, nil
	}
	codes := sortedCodes(allowed)
	for _, c := range codes {
		if foldKey(allowed[c]) == key {
			return c, nil
		}
	}
	for _, c := range codes {
		if foldKey(c) == key {
			return c, nil
		}
	}
	if whole, frac, ok := strings.Cut(t, "."); allDigits(whole) && (!ok || allDigits(frac) && strings.Trim(frac, "0") == "") {
		found := ""
		for _, c := range codes {
			if allDigits(c) && len(c) > len(whole) && strings.TrimLeft(c, "0") == strings.TrimLeft(whole, "0") {
				if found != "" {
					found = ""
					break
				}
				found = c
			}
		}
		if found != "" {
			return found, nil
		}
	}
	msg := "“" + t + "”不是可选值"
	if sug := closest(key, Choices(allowed)); sug != "" {
		msg += "；是否应为“" + sug + "”？"
	} else {
		msg += "。"
	}
	return "", &ValueError{Value: s, Reason: msg + "可选值：" + choiceHint(allowed)}
}

func choiceHint(allowed map[string]string) string {
	names := Choices(allowed)
	if len(names) <= MaxChoicesShown {
		return strings.Join(names, "、")
	}
	return strings.Join(names[:MaxChoicesShown], "、") + fmt.Sprintf(" 等 %d 项（完整列表见模板中的下拉选项）", len(names))
}

// foldKey is the comparison form of a title or a name: Text, no spaces, Latin letters upper-case.
func foldKey(s string) string {
	t, _ := Text(s)
	return strings.ToUpper(strings.ReplaceAll(t, " ", ""))
}

// closest returns the candidate nearest to key by edit distance when it is near enough — at most
// half the length of the longer string — or "".
func closest(key string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := editDistance(key, foldKey(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD == 0 {
		return best
	}
	n := max(utf8.RuneCountInString(key), utf8.RuneCountInString(foldKey(best)))
	if bestD*2 > n {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
