package registry

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// surnameReadings overrides the first letter of surnames whose reading as a surname differs from
// the character's common reading (曾 zēng not céng, 单 shàn not dān …).
var surnameReadings = map[string]string{
	"曾": "z", "单": "s", "仇": "q", "解": "x", "区": "o", "查": "z", "朴": "p", "盖": "g", "乐": "y",
	"覃": "q", "繁": "p", "缪": "m", "翟": "z", "尉迟": "yc", "长孙": "zs", "万俟": "mq", "召": "s", "员": "y",
	"种": "c", "秘": "b", "隗": "w", "洗": "x", "句": "g", "能": "n", "阚": "k", "燕": "y", "华": "h",
	"任": "r", "纪": "j", "祭": "z", "恽": "y", "粘": "n", "宓": "m", "蕃": "p", "牟": "m",
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	return a
}()

// Initials returns the lowercase pinyin initials of a Chinese name ("张小明" → "zxm"), reading the
// surname as a surname. Letters and digits in the name are kept; other characters are skipped.
func Initials(name string) string {
	name = strings.TrimSpace(name)
	var b strings.Builder
	rest := name
	r := []rune(name)
	for _, sur := range []int{2, 1} { // compound surnames first
		if len(r) > sur {
			if c, ok := surnameReadings[string(r[:sur])]; ok {
				b.WriteString(c)
				rest = string(r[sur:])
				break
			}
		}
	}
	for _, r := range rest {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Han, r):
			if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 && p[0] != "" {
				b.WriteString(strings.ToLower(p[0][:1]))
			}
		}
	}
	return b.String()
}
