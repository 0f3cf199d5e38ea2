package demo

import "math"

// regFacilityBands are, per profile, the ranges of 生均教学及辅助用房,
// 生均体育运动场馆 and 生均教学仪器设备值 of schools that meet the thresholds,
// as multiples of the threshold: crowded old campuses just above it,
// village schools with few pupils well above.
var regFacilityBands = map[string][3][2]float64{
	profPopular: {{1.02, 1.2}, {1.02, 1.18}, {1.3, 1.9}},
	profUrban:   {{1.05, 1.45}, {1.05, 1.4}, {1.1, 1.7}},
	profNew:     {{1.2, 1.7}, {1.15, 1.6}, {1.4, 2.1}},
	profMigrant: {{1.02, 1.2}, {1.02, 1.15}, {1.02, 1.25}},
	profElite:   {{1.4, 2.0}, {1.3, 1.9}, {1.6, 2.4}},
	profTown:    {{1.1, 1.5}, {1.2, 1.8}, {1.05, 1.5}},
	profRural:   {{1.3, 2.1}, {1.5, 2.6}, {1.03, 1.4}},
	profPoint:   {{1.6, 2.8}, {1.8, 3.0}, {1.1, 1.6}},
}

// genFacility creates a school's 办学条件 for the school year. For schools
// with primary or junior students the areas, equipment and multimedia rooms
// meet the strictest threshold of their parts with a margin, or miss it as
// planBalance decided; other schools get the usual values of their type.
func (g *regGen) genFacility(p *regPlan) {
	r := g.r
	u := func(lo, hi float64) float64 { return regU(r, lo, hi) }
	n := float64(p.n)
	var teach, sports, equip float64 // per student
	rooms := p.classes + regRound(float64(p.classes)*u(0.08, 0.3))
	if len(p.units) > 0 {
		var top [regIndicators]float64
		for _, un := range p.units {
			for k, t := range regThresholds[un.level] {
				top[k] = max(top[k], t)
			}
		}
		bands := regFacilityBands[p.profile]
		perStudent := func(k int, band [2]float64) float64 {
			for _, un := range p.units {
				if un.miss[k] {
					return un.ratio[k] * regThresholds[un.level][k]
				}
			}
			return u(band[0], band[1]) * top[k]
		}
		teach = perStudent(indTeachingArea, bands[0])
		sports = perStudent(indSportsArea, bands[1])
		equip = perStudent(indEquipment, bands[2])
		missed := false
		for _, un := range p.units {
			if un.miss[indMultimedia] {
				rooms, missed = un.count[indMultimedia], true
			}
		}
		if !missed {
			rooms = max(rooms, regMinCount(p.n, top[indMultimedia], 1.01))
		}
	} else {
		switch p.s.Type {
		case "kindergarten":
			teach, sports, equip = u(5, 9), u(4, 8), u(800, 2500)
			if p.s.Nature == "民办" {
				teach, sports = u(4, 6.5), u(3, 5)
			}
			rooms = max(1, regRound(float64(p.classes)*u(0.5, 1)))
		case "senior":
			teach, sports, equip = u(7, 11), u(9, 16), u(3500, 9000)
		case "vocational":
			teach, sports, equip = u(10, 16), u(8, 12), u(8000, 18000)
		default: // special
			teach, sports, equip = u(25, 45), u(15, 30), u(12000, 30000)
			rooms = p.classes + 2
		}
	}

	var books, computers float64
	boarders := 0.0
	labs := 0
	for _, part := range p.parts {
		pn := float64(part.n)
		boarders += pn * part.boarding
		c := float64(part.classes)
		switch part.stage {
		case StageKindergarten:
			books += pn * u(12, 20)
			computers += pn * u(0.03, 0.06)
		case StagePrimary:
			books += pn * u(30, 45)
			computers += pn * u(0.12, 0.2)
			if p.profile != profPoint {
				labs += int(math.Ceil(c / 12))
			}
		case StageJunior:
			books += pn * u(40, 55)
			computers += pn * u(0.15, 0.25)
			labs += int(math.Ceil(c / 6))
		case StageSenior:
			books += pn * u(50, 70)
			computers += pn * u(0.18, 0.3)
			labs += int(math.Ceil(c / 4))
		case StageVocational:
			books += pn * u(35, 55)
			computers += pn * u(0.3, 0.5)
			labs += int(math.Ceil(c / 2)) // 实训室
		case StageSpecial:
			books += pn * u(40, 80)
			computers += pn * u(0.3, 0.5)
			labs += 2
		}
	}
	staff := len(g.reg.Staff) - g.staffStart // a computer for every member of staff
	g.reg.Facilities = append(g.reg.Facilities, Facility{
		SchoolCode:      p.s.Code,
		Year:            g.year,
		TeachingArea:    regRound2(teach * n),
		AdminArea:       regRound2(n*u(0.35, 0.7) + 80),
		LivingArea:      regRound2(n*u(0.4, 0.9) + boarders*u(6, 9)),
		SportsArea:      regRound2(sports * n),
		EquipmentValue:  regRound2(equip * n),
		Books:           regRound(books),
		Computers:       regRound(computers) + staff,
		MultimediaRooms: rooms,
		MusicRooms:      g.specialRooms(p),
		ArtRooms:        g.specialRooms(p),
		Labs:            labs,
	})
}

// specialRooms is a number of music or art rooms: one per 12 classes as the
// standard asks, a room short in some schools (crowded ones more often).
func (g *regGen) specialRooms(p *regPlan) int {
	if p.s.Type == "kindergarten" || p.profile == profPoint {
		return 1
	}
	rooms := (p.classes + 11) / 12
	short := 10
	if p.profile == profPopular {
		short = 30
	}
	switch x := g.r.IntN(100); {
	case x < short && rooms > 1:
		rooms--
	case x >= 80:
		rooms++
	}
	return rooms
}

// regRound2 rounds to two decimals (m², 元).
func regRound2(x float64) float64 { return math.Round(x*100) / 100 }
