package fitness_test

import (
	"fmt"

	"github.com/edubureau/edubureau/internal/fitness"
)

// The worked example of the standard's README: a first-grade boy.
func ExampleScore() {
	in := fitness.Input{Grade: 1, Sex: fitness.Male, HeightCM: fitness.Val(120), WeightKG: fitness.Val(23.04)}
	in.Set(fitness.VitalCapacity, 1350)
	in.Set(fitness.Run50m, 10.5)
	in.Set(fitness.SitAndReach, 12.5)
	in.Set(fitness.RopeSkip, 120)
	r := fitness.Score(in)
	for _, it := range fitness.Required(in.Grade, in.Sex) {
		fmt.Printf("%s %d\n", it, r.Items[it].Score)
	}
	fmt.Println("BMI", r.BMI, "附加分", r.Bonus, "标准分", r.Standard, "学年总分", r.Total, r.Rating)
	// Output:
	// 体重指数（BMI） 100
	// 肺活量 80
	// 50米跑 85
	// 坐位体前屈 85
	// 1分钟跳绳 100
	// BMI 16.0 附加分 5 标准分 89.5 学年总分 94.5 优秀
}

func ExampleParseTimeForm() {
	for _, s := range []string{"215", `3'35"`, "3:35"} {
		v, _ := fitness.ParseTime(s)
		fmt.Println(v)
	}
	v, _ := fitness.ParseTimeForm("3.35", fitness.MinuteDotSecond)
	fmt.Println(v)
	_, err := fitness.ParseTime("3分半")
	fmt.Println(err)
	// Output:
	// 215
	// 215
	// 215
	// 215
	// 不是有效的时间：3分半（可写作秒数 215 或 215.5，或写作 3'35"、3:35）
}
