package fitness

// Advice is a suggestion for a weak item of a student's latest result.
type Advice struct {
	Item  string `json:"item"`
	Name  string `json:"name"`
	Score int    `json:"score"`
	Level Rating `json:"level"`
	Text  string `json:"text"`
}

// adviceText is the exercise advice per item, for students whose item score is below 80 (below
// 良好), written after the exercise recommendations that accompany the standard's reports.
var adviceText = map[Item]string{
	BMI:              "体重指数不在正常范围：保持均衡膳食，少吃高油高糖零食，每天中等强度运动不少于 1 小时；体重偏低者适当增加优质蛋白摄入。",
	VitalCapacity:    "肺活量偏低：多做慢跑、游泳、跳绳等有氧运动，练习深呼吸和吹气球，每周 3～5 次，每次 20 分钟以上。",
	Run50m:           "50米跑偏慢：练习高抬腿、后蹬跑、起跑反应和 30 米加速跑，注意摆臂与步频，每周 2～3 次。",
	SitAndReach:      "坐位体前屈偏弱（柔韧性不足）：每天运动后做坐位体前屈、压腿、体前屈等静态拉伸，每个动作保持 20～30 秒，循序渐进。",
	RopeSkip:         "1分钟跳绳偏少：练习并脚跳、单脚交换跳，先求连续不断再求速度，每天 3～5 组，每组 1 分钟。",
	SitUp:            "1分钟仰卧起坐偏少（腹肌力量不足）：练习仰卧卷腹、平板支撑，每天 3 组，逐步增加次数和时间。",
	Run50x8:          "50米×8往返跑偏慢：练习变速跑、折返跑和 400 米间歇跑，提高无氧耐力与转身技术。",
	StandingLongJump: "立定跳远偏近：练习蛙跳、纵跳摸高、深蹲跳，注意摆臂与蹬伸协调，每周 2～3 次。",
	PullUp:           "引体向上偏少（上肢力量不足）：从斜身引体、悬垂屈臂开始，逐步过渡到标准引体向上，每周 3 次。",
	Run800m:          "800米跑偏慢：坚持每周 3 次 15～20 分钟慢跑，加入 200～400 米间歇跑，学会均匀配速和呼吸节奏。",
	Run1000m:         "1000米跑偏慢：坚持每周 3 次 15～20 分钟慢跑，加入 200～400 米间歇跑，学会均匀配速和呼吸节奏。",
}

// AdviceFor lists advice for the items of a record scored below 80 (for BMI: outside 正常),
// weakest first.
func AdviceFor(r Record) []Advice {
	out := []Advice{}
	for it := range Item(NumItems) {
		s, ok := r.Scores[it.Code()]
		if !ok || s >= 80 && it != BMI || s >= 100 {
			continue // BMI: every band but 正常 (100) gets advice
		}
		out = append(out, Advice{Item: it.Code(), Name: it.String(), Score: s, Level: ItemLevel(s), Text: adviceText[it]})
	}
	for i := 1; i < len(out); i++ { // insertion sort: a handful of items
		for j := i; j > 0 && out[j].Score < out[j-1].Score; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
