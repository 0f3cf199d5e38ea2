package fitness

import (
	"strings"
)

// Fields of an entry that are not items: height and weight.
const (
	FieldHeight = "height"
	FieldWeight = "weight"
)

// minuteDotSecondBelow is the rule for plain numbers in the long-run columns (50米×8往返跑,
// 800米跑, 1000米跑), whose plausible times are all above 60 seconds: a plain number below 30 is
// 分.秒 (3.35 is 3′35″, 215 s), anything else seconds (215 is 215 s). No student runs these in
// under 30 seconds, and none takes 30 minutes, so the two readings never overlap. 50米跑 is
// always seconds. Forms with a minute mark or a colon (3'35", 3′35″, 3分35秒, 3:35) are read as
// written.
const minuteDotSecondBelow = 30

// isTime reports whether an item is a time.
func isTime(it Item) bool { return it == Run50m || it == Run50x8 || it == Run800m || it == Run1000m }

// ParseCell reads a value typed for a field ("height", "weight" or an item code) as it appears
// in an entry form or a spreadsheet cell: blank is not tested; times follow the rule of
// minuteDotSecondBelow; others are decimal numbers (full-width digits accepted). Errors are
// Chinese sentences.
func ParseCell(field, text string) (Value, error) {
	t := strings.TrimSpace(halfWidth(text))
	if t == "" || t == "-" || t == "/" {
		return Value{}, nil
	}
	it, isItem := ItemByCode(field)
	if isItem && isTime(it) {
		form := Seconds
		if it != Run50m && isUnsignedDecimal(t) {
			if m, err := parseMilli(t); err == nil && m < minuteDotSecondBelow*1000 {
				form = MinuteDotSecond
			}
		}
		v, err := ParseTimeForm(t, form)
		if err != nil {
			return Value{}, err
		}
		return Val(v), nil
	}
	v, err := ParseNumber(t)
	if err != nil {
		return Value{}, errorf(field, "不是数字：%s", text)
	}
	return Val(v), nil
}

// SetField puts a parsed value into an Input.
func (in *Input) SetField(field string, v Value) {
	switch field {
	case FieldHeight:
		in.HeightCM = v
	case FieldWeight:
		in.WeightKG = v
	default:
		if it, ok := ItemByCode(field); ok && it != BMI {
			in.Items[it] = v
		}
	}
}

// FieldName is the Chinese name of a field.
func FieldName(field string) string {
	switch field {
	case FieldHeight:
		return "身高"
	case FieldWeight:
		return "体重"
	}
	if it, ok := ItemByCode(field); ok {
		return it.String()
	}
	return field
}

// EntryFields lists the fields of an entry in form order: height, weight, then the items.
func EntryFields() []string {
	out := []string{FieldHeight, FieldWeight}
	for it := VitalCapacity; it < NumItems; it++ {
		out = append(out, it.Code())
	}
	return out
}
