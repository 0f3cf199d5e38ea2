// Package indicators is the pure core of the supervision (督导) indicators: 义务教育优质均衡 资源配置,
// 学前教育普及普惠 and 教职工编制. It holds no database, HTTP or UI code: callers hand it facts (aggregates
// per school, computed elsewhere from the registry) and get reports back.
//
// Indicators are data. An Indicator names a numerator and a denominator among the registry
// aggregates of the Catalog, a factor (100 for "per 100 students", 1 for "per student"), a
// comparator and a threshold, its policy source and a version. An IndicatorSet groups indicators
// with the school rule that applies to them. The national sets are BalanceSet (优质均衡资源配置, 7
// indicators for primary and for junior) and PreschoolSet (学前教育普及普惠); a province or district
// adds its own indicators or raises thresholds (省级加码) with Merge, after ValidateSet.
//
// Interpretations of the standards (shared/standards/README.md §2–§4) made here:
//
//   - Value of an indicator for a school: Factor × numerator ÷ denominator. A school whose
//     denominator is 0 has no value (Defined false) and does not meet the indicator.
//   - Comparisons tolerate a relative error of 1e-9, so that values that equal the threshold in
//     decimal arithmetic (4.2 teachers per 100 students) are met despite binary rounding.
//   - Gap ("体艺专任教师缺 2 人"): for a ">=" indicator, how much numerator is missing to reach the
//     threshold (threshold × denominator ÷ factor − numerator); for a "<=" indicator, how much
//     denominator is missing (numerator × factor ÷ threshold − denominator: "专任教师缺 3 人" for
//     幼儿与专任教师比 ≤ 15). The gap is always rounded UP to a whole unit of its aggregate — whole
//     persons, rooms and classes, whole m² and whole 元 — so that adding the stated amount is
//     enough to meet the threshold. The exact gap is kept beside it.
//   - School rule (优质均衡): a school passes when at most SchoolRule.MaxUnmet (1) of its school-scope
//     indicators are unmet and every unmet one reaches SchoolRule.UnmetFloor (85%) of its threshold,
//     i.e. value ÷ threshold ≥ 0.85 (for a "<=" indicator: threshold ÷ value ≥ 0.85). Exactly 85%
//     passes; 84.9% fails. Without a rule every school-scope indicator must be met.
//   - Coefficient of variation (校际差异系数), weighted by the denominator (students), exactly as in
//     the standard: X_i = x_i / P_i; X̄ = Σx_i / ΣP_i; S = sqrt(Σ (P_i/P)(X_i − X̄)²), P = ΣP_i;
//     CV = S / X̄. The factor does not change it. Schools with P_i = 0 weigh nothing and are left out.
//     When X̄ = 0 the CV is undefined and the indicator fails its CV test.
//   - District value: Σ numerator ÷ Σ denominator × factor over the evaluated schools of the level;
//     a district aggregate (DistrictFacts.Aggregates, e.g. resident_children_3_5) replaces the sum
//     when given. For 优质均衡 the district value is information only; the verdict is "every school
//     passes the school rule and every CV is within its limit". For 普及普惠 the verdict is on the
//     district values (the 2020 办法 judges the county: 毛入园率, 覆盖率, 公办占比, and the county-wide
//     teacher ratio, class-size compliance and certification); per-kindergarten values of those
//     indicators that make sense per school (Scope "district") are reported for drill-down only.
//   - Exclusions (IndicatorSet.ExcludeSchools, on in BalanceSet): special-education schools,
//     secondary vocational schools and 教学点 with fewer than 50 students are left out of the
//     优质均衡 evaluation and listed in Report.Excluded. A 教学点 with 50 or more is evaluated.
//   - 九年一贯制 (and 十二年一贯制, 完全中学) schools are evaluated as one part per level: SplitByLevel
//     takes per-level aggregates where the registry has them and apportions the rest (shared
//     buildings, grounds, equipment) by students.
//   - 编制: quota = Σ over levels of students ÷ ratio (defaults 1:19 primary, 1:13.5 junior,
//     1:12.5 senior), summed exactly per school and then rounded once to whole posts, half up (四舍五入)
//     by default (configurable: up, down). 超编/缺编 = 在编 staff − quota per school; the district
//     quota is the sum of the school quotas, so that the district row adds up, and the report keeps the
//     district's 超编 and 缺编 totals apart (a net figure would hide 超编缺员 occurring together).
//   - An aggregate missing from a school's facts counts as 0.
package indicators
