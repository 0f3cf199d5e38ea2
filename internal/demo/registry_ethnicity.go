package demo

import (
	"math/rand/v2"

	"github.com/edubureau/edubureau/internal/registry"
)

// Ethnicities is the GB/T 3304 民族 code table, shared with the registry's dictionary.
var Ethnicities = registry.Ethnicities

// regOrigin is where a family's 户籍, and so the children's ID numbers, come
// from. Like the district's own codes, the address codes are well-formed but
// fictional: a real province with a prefecture numbered 97, 98 or 99, which
// none has, so that no generated ID number can be a real person's.
type regOrigin struct {
	area     string
	num      uint64 // area as a number
	weight   int    // relative share among families from elsewhere
	poor     bool   // a province whose migrants' children may be registered 建档立卡 at home
	minority float64
	mix      []regEth // the minorities, weighted
}

type regEth struct {
	code   string
	weight int
}

func regOriginOf(area string, weight int, poor bool, minority float64, mix ...regEth) regOrigin {
	num := uint64(0)
	for i := range len(area) {
		num = num*10 + uint64(area[i]-'0')
	}
	return regOrigin{area: area, num: num, weight: weight, poor: poor, minority: minority, mix: mix}
}

var (
	// regLocal is 青溪区 itself; Zhejiang's own 畲族 and a few others married in.
	regLocal = regOriginOf("339901", 0, false, 0.006,
		regEth{"22", 50}, regEth{"03", 15}, regEth{"11", 10}, regEth{"15", 10}, regEth{"06", 10}, regEth{"08", 5})
	// regShe is the local population of the 云湖镇 villages, where 畲族 families live.
	regShe = regOriginOf("339901", 0, false, 0.05, regEth{"22", 1})

	// regCity are the other districts of 江城市: local to the city, not to the district.
	regCity = []regOrigin{
		regOriginOf("339902", 20, false, 0.006, regEth{"22", 3}, regEth{"03", 1}),
		regOriginOf("339903", 20, false, 0.006, regEth{"22", 3}, regEth{"03", 1}),
		regOriginOf("339904", 20, false, 0.006, regEth{"22", 3}, regEth{"11", 1}),
		regOriginOf("339905", 20, false, 0.006, regEth{"22", 3}, regEth{"15", 1}),
		regOriginOf("339906", 20, false, 0.006, regEth{"22", 3}, regEth{"06", 1}),
	}

	// regElsewhere are the places migrant families come from.
	regElsewhere = append(append([]regOrigin(nil), regCity...),
		// Other cities of Zhejiang.
		regOriginOf("339801", 60, false, 0.008, regEth{"22", 4}, regEth{"03", 1}),
		regOriginOf("339701", 40, false, 0.008, regEth{"22", 4}, regEth{"15", 1}),
		// 安徽, 江西, 河南.
		regOriginOf("349901", 200, true, 0.008, regEth{"03", 1}),
		regOriginOf("369901", 120, true, 0.004, regEth{"22", 2}, regEth{"03", 1}),
		regOriginOf("419901", 100, true, 0.02, regEth{"03", 9}, regEth{"11", 1}),
		// 贵州: 苗, 布依, 侗, 土家, 彝, 水, 仡佬.
		regOriginOf("529901", 100, true, 0.42,
			regEth{"06", 35}, regEth{"09", 25}, regEth{"12", 15}, regEth{"15", 12}, regEth{"07", 5}, regEth{"25", 5}, regEth{"37", 3}),
		// 四川: 彝, 藏, 羌.
		regOriginOf("519901", 80, true, 0.07, regEth{"07", 60}, regEth{"04", 20}, regEth{"33", 20}),
		// 湖南: 土家, 苗, 侗, 瑶.
		regOriginOf("439901", 50, true, 0.14, regEth{"15", 50}, regEth{"06", 30}, regEth{"12", 10}, regEth{"13", 10}),
		// 湖北: 土家, 苗.
		regOriginOf("429901", 50, true, 0.08, regEth{"15", 85}, regEth{"06", 15}),
		// 云南: 彝, 白, 哈尼, 傣, 壮, 苗, 傈僳.
		regOriginOf("539901", 40, true, 0.36,
			regEth{"07", 35}, regEth{"14", 15}, regEth{"16", 12}, regEth{"18", 10}, regEth{"08", 10}, regEth{"06", 10}, regEth{"20", 8}),
		// 广西: 壮, 瑶, 仫佬.
		regOriginOf("459901", 20, true, 0.4, regEth{"08", 85}, regEth{"13", 10}, regEth{"32", 5}),
		// 福建, 江苏, 山东.
		regOriginOf("359901", 20, false, 0.03, regEth{"22", 7}, regEth{"03", 3}),
		regOriginOf("329901", 20, false, 0.005, regEth{"03", 1}),
		regOriginOf("379901", 20, false, 0.005, regEth{"03", 1}),
	)

	regElsewhereTotal = func() int {
		t := 0
		for _, o := range regElsewhere {
			t += o.weight
		}
		return t
	}()
)

// regFrom draws the origin of a family from elsewhere.
func regFrom(r *rand.Rand) *regOrigin {
	x := r.IntN(regElsewhereTotal)
	for i := range regElsewhere {
		if x -= regElsewhere[i].weight; x < 0 {
			return &regElsewhere[i]
		}
	}
	return &regElsewhere[len(regElsewhere)-1]
}

// ethnicity draws a GB/T 3304 code for a person from o.
func (o *regOrigin) ethnicity(r *rand.Rand) string {
	if len(o.mix) == 0 || r.Float64() >= o.minority {
		return "01"
	}
	total := 0
	for _, e := range o.mix {
		total += e.weight
	}
	x := r.IntN(total)
	for _, e := range o.mix {
		if x -= e.weight; x < 0 {
			return e.code
		}
	}
	return o.mix[0].code
}
