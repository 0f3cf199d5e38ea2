// Package enroll holds the pure, reproducible parts of enrollment (招生入学):
// the verifiable computer lottery (电脑派位) with its two mechanisms, the
// 递补 rule for seats that are declined, the catchment (划片) text parser,
// the address normaliser and the matching of addresses to catchments.
//
// Nothing here touches a database, the network or the clock: the same inputs
// always give the same bytes, so anyone holding the published files can
// recompute a draw.
//
// # The draw
//
// The frozen applicant list is written as a canonical CSV (see
// [Instance.WriteCanonicalCSV]) and its SHA-256, the list hash, is published
// before the seed exists. The seed is then entered live. Each applicant's
// lottery key is SHA-256(seed ‖ 0x00 ‖ applicant_id) over the UTF-8 bytes;
// keys are compared as bytes, smallest first, and one key serves for every
// school. A school ranks applicants by (tier for that school, lottery key)
// ascending; lower tiers are better. Two mechanisms use that ranking:
//
//   - [DA]: student-proposing deferred acceptance;
//   - [Boston] (志愿优先): in round k every still-unassigned applicant applies
//     to their k-th choice and each school fills its remaining seats from
//     that round's applicants by (tier, key); placements are final.
//
// The result is a CSV (see [Result.WriteCSV]) whose SHA-256 is the result
// hash; the [DrawRecord] (list hash, seed, mechanism, result hash) goes into
// the audit log.
//
// # Orders
//
// Applicant ids and school ids are ordered byte-wise (Go string comparison,
// which for UTF-8 is also code-point order): "A10" sorts before "A9". The
// canonical applicant list and the result CSV are both in that order.
package enroll
