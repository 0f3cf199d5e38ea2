// Package fitness scores students under 《国家学生体质健康标准（2014年修订）》 (教体艺〔2014〕5号):
// single-item scores, BMI bands, 附加分, 标准分, 学年总分, rating, 毕业成绩, 补测 and 免予执行.
// It is pure: the official tables are embedded (data/, source in data/README.md), parsed once
// into fixed arrays, and Score neither allocates nor does I/O.
//
// Grades are coded 1–6 小学一至六年级, 7–9 初一至初三, 10–12 高一至高三, 13 大一大二, 14 大三大四
// (the university groups of the tables).
//
// # How the standard is read
//
// Where the standard or the data leave a choice, this package decides as follows.
//
//   - An item scores the highest level whose threshold the raw value meets (≥ for the
//     higher-is-better items, ≤ for the times) and 0 below the 10-point threshold (the tables
//     have no 0 row; 0 is the common convention). The blank cells of table 1-13 (男 引体向上) are simply
//     absent, so a count that reaches no printed cell gets the next printed level below.
//   - Raw values are compared exactly, to 0.001 of their unit, never rounded to the table's
//     resolution first. For the times this equals the testing rule "小数点后非0进1": a 50 m time
//     of 10.51 s does not meet 10.5 s, a 1000 m time of 215.5 s does not meet 3′35″ (215 s).
//     For the distances and counts a value between two thresholds gets the lower level.
//   - BMI = weight(kg) / height(m)² is rounded half up to one decimal with integer arithmetic
//     (no float artefacts: 23.4 kg at 120 cm is exactly 16.25 and rounds to 16.3), then looked
//     up in the closed bands of tables 1-1/1-2.
//   - 标准分 = Σ score × weight% is exact in hundredths and rounded half up to one decimal;
//     学年总分 = 标准分 + 附加分. The bonus is a whole number, so rounding before or after adding
//     it gives the same 学年总分. The rating is read from the rounded 学年总分 (≥ 90.0 优秀,
//     80.0–89.9 良好, 60.0–79.9 及格, ≤ 59.9 不及格).
//   - 附加分 counts only beyond the 100-point threshold: the highest bonus row whose margin is
//     met, margins measured exactly (a 1000 m time 3.5 s faster than the 100-point time earns
//     nothing; the first row needs 4 s). Primary grades: 1分钟跳绳, both sexes, cap 20. Grades 7–14:
//     boys 引体向上 and 1000米跑, girls 1分钟仰卧起坐 and 800米跑, cap 10 each; total cap 20. Primary
//     sit-ups and 50米×8 earn none.
//   - The items a grade tests are those weights.csv weights for it (1–2: BMI, 肺活量, 50米跑,
//     坐位体前屈, 1分钟跳绳; 3–4 add 1分钟仰卧起坐; 5–6 add 50米×8往返跑; 7–14: BMI, 肺活量, 50米跑,
//     坐位体前屈, 立定跳远, 引体向上 or 1分钟仰卧起坐, 1000米 or 800米). Values given for other items are
//     ignored.
//   - 缺测: when a required item (or height or weight) has no value the student has no bonus,
//     标准分, 学年总分 or rating; the items that were tested still show their scores. Such a
//     student completes the test later (score the completed Input again); that is not a 补测.
//   - 免予执行: Input.Exempt with a reason gives RatingExempt ("免测"), no 学年总分; statistics
//     list these students separately and leave them out of every rate's denominator. The
//     exemption is for the whole standard, not per item; 暂缓执行 is not modelled.
//   - 补测 (Retest): only a 不及格 result may be retested, once per school year; the better
//     学年总分 of the two stands, so a passing retest replaces the first result and a failing one
//     leaves the year 不及格.
//   - 毕业成绩 (GraduationScore) = 毕业当年学年总分 × 50% + 其他学年平均 × 50%, half up to one
//     decimal; with no other year on record, the final year alone. Below 50.0, senior-high
//     (including 中职) and university graduates are 结业或肄业 (BelowGraduationLine).
//   - Times are seconds. ParseTime also reads 3′35″ and 3:35; a plain "3.35" is 3.35 seconds
//     unless the column is declared 分.秒 (MinuteDotSecond). Validate's plausible ranges (e.g.
//     1000 m at least 90 s) reject a 分.秒 value read as seconds.
package fitness
