package registry

import "testing"

func TestInitials(t *testing.T) {
	cases := map[string]string{
		"张小明": "zxm", "曾国藩": "zgf", "单田芳": "stf", "仇英": "qy", "解缙": "xj", "区志坚": "ozj",
		"尉迟恭": "ycg", "欧阳修": "oyx", "李 娜": "ln", "王2": "w2", "Tom李": "toml", "": "", "曾": "c",
	}
	for name, want := range cases {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}

func FuzzInitials(f *testing.F) {
	for _, s := range []string{"张小明", "曾国藩", "尉迟恭", "a\x00b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Initials(s)
		for _, c := range out {
			if c > 127 {
				t.Fatalf("non-ASCII initial in %q", out)
			}
		}
	})
}
