package enroll

import "slices"

// boston runs the Boston mechanism (志愿优先): in round k = 1, 2, … every
// still-unassigned applicant with at least k choices applies to their k-th
// choice; a school with seats left takes that round's applicants by (tier,
// lottery key) ascending until its seats are gone; placements are final. A
// school that is already full takes nobody, so its round-k applicants simply
// wait for round k+1.
//
// It returns the same representation as deferredAcceptance: per applicant in
// rank space the position in rs.prop of their school, or rs.end[r] when
// unassigned. Active applicants are kept in rank order, so each round reads
// the choices sequentially.
func boston(in *Instance, rs *rankSpace) []int32 {
	ns, n := len(in.schoolIDs), len(rs.start)
	start, end, prop := rs.start, rs.end, rs.prop

	pos := make([]int32, n)
	copy(pos, end) // everyone unassigned until placed
	remaining := slices.Clone(in.capacity)
	active := make([]int32, 0, n) // unassigned applicants with a k-th choice
	for a := range int32(n) {
		if start[a] < end[a] {
			active = append(active, a)
		}
	}
	offset := make([]int32, ns+1)
	bucket := make([]uint64, len(active))

	for k := int32(0); len(active) > 0; k++ {
		// Bucket this round's applications by school (counting sort), keeping
		// only schools that still have seats.
		clear(offset)
		for _, a := range active {
			if s := uint32(prop[start[a]+k]); remaining[s] > 0 {
				offset[s+1]++
			}
		}
		for s := range ns {
			offset[s+1] += offset[s]
		}
		fill := slices.Clone(offset[:ns])
		for _, a := range active {
			c := prop[start[a]+k]
			if s := uint32(c); remaining[s] > 0 {
				bucket[fill[s]] = c&^lowMask | uint64(a)
				fill[s]++
			}
		}
		// Each school admits the best of its applicants up to its remaining
		// seats. Schools are independent, so they are split across cores.
		split(ns, workers(int(offset[ns])), func(_, lo, hi int) {
			for s := lo; s < hi; s++ {
				seg := bucket[offset[s]:offset[s+1]]
				if len(seg) > int(remaining[s]) {
					slices.Sort(seg)
					seg = seg[:remaining[s]]
				}
				for _, v := range seg {
					a := uint32(v)
					pos[a] = start[a] + k
				}
				remaining[s] -= int32(len(seg))
			}
		})
		// Keep those still unassigned who have a next choice.
		next := active[:0]
		for _, a := range active {
			if pos[a] == end[a] && start[a]+k+1 < end[a] {
				next = append(next, a)
			}
		}
		active = next
	}
	return pos
}
