package pii

import (
	"math/rand/v2"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"id", MaskIDNumber, "110105194912310021", "110***********0021"},
		{"id", MaskIDNumber, "11010519491231002X", "110***********002X"},
		{"id", MaskIDNumber, "", ""},
		{"id", MaskIDNumber, "1234567", "*******"},
		{"id", MaskIDNumber, "12345678", "123*5678"},
		{"id", MaskIDNumber, "110105491231002", "110********1002"},
		{"id", MaskIDNumber, "１１０１０５１９４９", "１１０***１９４９"},
		{"student", MaskStudentNo, "G11010519491231002X", "G11************002X"},
		{"student", MaskStudentNo, "L320106201509014821", "L32************4821"},
		{"student", MaskStudentNo, "", ""},
		{"phone", MaskPhone, "13800000000", "138****0000"},
		{"phone", MaskPhone, "19912345678", "199****5678"},
		{"phone", MaskPhone, "0571-88886666", "0571-****6666"},
		{"phone", MaskPhone, "010-12345678", "010-****5678"},
		{"phone", MaskPhone, "010-1234567", "010-***4567"},
		{"phone", MaskPhone, "0571-88886666-801", "0571-*******6-801"},
		{"phone", MaskPhone, "138 0000 0000", "*** **** 0000"},
		{"phone", MaskPhone, "+8613800000000", "+*********0000"},
		{"phone", MaskPhone, "88886666", "****6666"},
		{"phone", MaskPhone, "123456", "***456"},
		{"phone", MaskPhone, "", ""},
		{"phone", MaskPhone, "无", "无"},
		{"phone", MaskPhone, "１３８００００００００", "*******００００"},
		{"phone", MaskPhone, "138\xff00000000", "***\uFFFD****0000"},
		{"name", MaskName, "张小明", "张*明"},
		{"name", MaskName, "张三", "张*"},
		{"name", MaskName, "欧阳小明", "欧**明"},
		{"name", MaskName, "王", "王"},
		{"name", MaskName, "", ""},
		{"name", MaskName, "阿依古丽·买买提", "阿******提"},
		{"name", MaskName, "Li", "L*"},
		{"address", MaskAddress, "浙江省杭州市西湖区文三路1号", "浙江省杭州市****"},
		{"address", MaskAddress, "北京市东城区景山前街4号院", "北京市东城区****"},
		{"address", MaskAddress, "幸福路1号", "幸福****"},
		{"address", MaskAddress, "a", "****"},
		{"address", MaskAddress, "", ""},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("Mask %s(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestMaskIDNumberRevealsAtMostSeven checks on random input of any length
// and script that the mask keeps the rune count, shows at most 7 original
// characters, and shows nothing of values shorter than 8.
func TestMaskIDNumberRevealsAtMostSeven(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []rune("0123456789Xx１２３ＸGJL张 ")
	for range 20000 {
		in := make([]rune, r.IntN(40))
		for i := range in {
			in[i] = alphabet[r.IntN(len(alphabet))]
		}
		for _, mask := range []func(string) string{MaskIDNumber, MaskStudentNo} {
			out := []rune(mask(string(in)))
			if len(out) != len(in) {
				t.Fatalf("mask(%q) = %q changes the length", string(in), string(out))
			}
			shown := 0
			for i, c := range out {
				if c == '*' {
					continue
				}
				if c != in[i] {
					t.Fatalf("mask(%q) = %q alters position %d", string(in), string(out), i)
				}
				shown++
			}
			if shown > 7 || len(in) < 8 && shown > 0 {
				t.Fatalf("mask(%q) = %q shows %d characters", string(in), string(out), shown)
			}
		}
	}
}
