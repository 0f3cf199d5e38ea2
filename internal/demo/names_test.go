package demo

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

func TestNames(t *testing.T) {
	g := NewNames(rand.New(rand.NewPCG(1, 2)))
	surnames := map[string]int{}
	for i := range 20000 {
		var n string
		switch i % 3 {
		case 0:
			n = g.Person()
		case 1:
			n = g.Child(true)
		default:
			n = g.Child(false)
		}
		if c := utf8.RuneCountInString(n); c < 2 || c > 4 {
			t.Fatalf("implausible name %q", n)
		}
		surnames[g.Surname()]++
	}
	if surnames["王"] < surnames["汤"]*20 || surnames["李"] < surnames["孔"]*20 {
		t.Errorf("surnames not weighted: %v", surnames)
	}
}

func TestNamesDeterministic(t *testing.T) {
	a := NewNames(rand.New(rand.NewPCG(7, 7)))
	b := NewNames(rand.New(rand.NewPCG(7, 7)))
	for range 1000 {
		if x, y := a.Person(), b.Person(); x != y {
			t.Fatalf("%q != %q", x, y)
		}
	}
}
