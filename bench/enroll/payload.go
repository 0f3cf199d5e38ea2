package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/identity"
)

// roads and compounds of the stand-in district: school k's catchment covers the odd and even
// numbers of road k and the buildings of compound k.
var roads = strings.Fields(`人民 建设 光明 幸福 和平 解放 中山 胜利 文化 青年 新华 友谊 团结 长江 黄河 东风 朝阳 红旗
前进 振兴 复兴 创业 学府 书院 育才 滨江 江城 青溪 望湖 龙泉 凤凰 金桥 银杏 梧桐 桂花 兰苑 松林 竹园 梅岭 荷塘
春晓 夏荷 秋实 冬青 北辰 南湖 西城 东湖 天明 星光 月华 云海 山水 锦绣 华庭 碧桂 紫荆 翠微 丹霞 玉泉`)

const nSchools = 60

// catchmentText is the published catchment of stand-in school k (0-based).
func catchmentText(k int) string {
	r := roads[k%len(roads)]
	return fmt.Sprintf("%s路1-199号(单号)\n%s路2至198号双号\n%s花园1-20栋\n%s大街全段", r, r, r, r)
}

// birthFor gives children of the 2027 primary intake (born 2020-09-01 … 2021-08-31) distinct
// identity numbers: index i picks an area code, a birth day and a sequence number.
func childID(i int) (id string, birth time.Time) {
	const days, seqs = 365, 1000
	seq := i % seqs
	day := (i / seqs) % days
	area := 420101 + (i/(seqs*days))%50 // area codes the demo's children do not use
	birth = time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	return identity.MakeIDNumber(strconv.Itoa(area), birth, seq), birth
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
var given = []string{"子涵", "欣怡", "梓轩", "雨桐", "浩然", "一诺", "思远", "若曦", "宇航", "诗琪", "俊杰", "可馨"}

// applicationBody is the JSON body of application number i (unique child per i); choices are
// school ids from the schools slice.
func applicationBody(b []byte, i int, campaign int64, schools []int64) []byte {
	id, birth := childID(i)
	k := i % nSchools
	r := roads[k%len(roads)]
	var addr string
	switch i % 4 {
	case 0, 1:
		addr = fmt.Sprintf("江城市青溪区%s路%d号", r, 1+(i%99)*2-(i%2))
	case 2:
		addr = fmt.Sprintf("青溪区%s花园%d栋%d单元%d室", r, 1+i%20, 1+i%3, 101+i%6*100)
	default:
		addr = fmt.Sprintf("江城市青溪区%s大街%d号", r, 1+i%300)
	}
	male := (i%1000)%2 == 1
	sex := "女"
	if male {
		sex = "男"
	}
	name := string(surnames[i%len(surnames)]) + given[(i/7)%len(given)]
	b = append(b[:0], `{"campaign_id":`...)
	b = strconv.AppendInt(b, campaign, 10)
	b = append(b, `,"child_name":`...)
	b = strconv.AppendQuote(b, name)
	b = append(b, `,"child_id":"`...)
	b = append(b, id...)
	b = append(b, `","birth_date":"`...)
	b = birth.AppendFormat(b, time.DateOnly)
	b = append(b, `","sex":"`...)
	b = append(b, sex...)
	b = append(b, `","address":`...)
	b = strconv.AppendQuote(b, addr)
	b = append(b, `,"hukou_address":`...)
	b = strconv.AppendQuote(b, addr)
	b = append(b, `,"property_cert":"浙(2024)江城市不动产权第`...)
	b = strconv.AppendInt(b, int64(1000000+i), 10)
	b = append(b, `号","owner_relation":"父母","migrant":false,"residence_permit_months":0,"social_insurance_months":0,"guardians":[{"name":`...)
	b = strconv.AppendQuote(b, string(surnames[i%len(surnames)])+"建国")
	b = append(b, `,"relation":"父亲","phone":"138`...)
	b = fmt.Appendf(b, "%08d", i%100000000)
	b = append(b, `"}],"choices":[`...)
	b = strconv.AppendInt(b, schools[k], 10)
	if i%3 == 0 {
		b = append(b, ',')
		b = strconv.AppendInt(b, schools[(k+1)%len(schools)], 10)
	}
	b = append(b, "]}"...)
	return b
}
