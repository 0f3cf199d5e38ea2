package enroll

import "math/bits"

// deferredAcceptance runs student-proposing deferred acceptance. Every full
// school keeps the applicants it tentatively holds in a max-heap of
// priorities (see rankSpace), so the worst held applicant is at the top: a
// proposal to a full school either bounces or replaces the top, whose owner
// must then propose to their next choice. The outcome — the applicant-optimal stable matching —
// does not depend on the order in which proposals are made, which leaves
// room for an order that suits the memory:
//
//   - applicants first propose in lottery order, so within a tier a newcomer
//     never displaces anyone and the choices are read sequentially;
//   - a displaced applicant is only marked in a bitmap; sweeps over the
//     bitmap in rank order let them propose again, until a sweep displaces
//     nobody behind it.
//
// It returns, per applicant in rank space, the position in rs.prop of the
// school that holds them, or rs.end[r] when they are unassigned.
func deferredAcceptance(in *Instance, rs *rankSpace) []int32 {
	ns, n := len(in.schoolIDs), len(rs.start)
	start, end, prop := rs.start, rs.end, rs.prop

	// A school never holds more applicants than listed it, so its heap is
	// bounded by min(capacity, demand): a huge capacity costs nothing. The
	// per-school fields live together and fit in cache, and top caches the
	// worst held priority once the school is full (0, which no priority is
	// below, while it is not: a tier is at least -MaxTier, so every priority
	// is at least 1<<32), so a bounce reads nothing else.
	type seats struct {
		size, cap, off int32
		top            uint64
	}
	sc := make([]seats, ns)
	for _, c := range in.prop {
		sc[choiceSchool(c)].cap++
	}
	off := int32(0)
	for s := range sc {
		sc[s].cap = min(sc[s].cap, in.capacity[s])
		sc[s].off = off
		off += sc[s].cap
	}
	heap := make([]uint64, off)
	next := make([]int32, n) // the next choice to propose to
	copy(next, start)
	pending := make([]uint64, (n+63)/64) // bitmap of applicants who must (re)propose
	for r := range n {
		pending[r/64] |= 1 << (r % 64)
	}

	for from := 0; from < len(pending); {
		behind := len(pending) // lowest word marked behind the sweep
		for w := from; w < len(pending); w++ {
			for pending[w] != 0 {
				b := bits.TrailingZeros64(pending[w])
				pending[w] &^= 1 << b
				r := int32(w*64 + b)
				for p, e := next[r], end[r]; p < e; p++ {
					c := prop[p]
					st := &sc[choiceSchool(c)]
					v := c&^lowMask | uint64(r)
					if st.size < st.cap {
						// Not full: just append; the heap is built once the
						// school fills up, after which only replacements
						// happen.
						heap[st.off+st.size] = v
						st.size++
						if st.size == st.cap {
							h := heap[st.off : st.off+st.size]
							heapify(h)
							st.top = h[0]
						}
						next[r] = p + 1
						break
					}
					if v < st.top {
						out := uint32(st.top) // the displaced applicant
						h := heap[st.off : st.off+st.size]
						replaceTop(h, v)
						st.top = h[0]
						next[r] = p + 1
						pending[out/64] |= 1 << (out % 64)
						if int(out/64) < w {
							behind = min(behind, int(out/64))
						}
						break
					}
					next[r] = p + 1
				}
			}
		}
		from = behind
	}

	// Those held sit in the heaps, held at the choice before next: mark them
	// in a bitmap (which fits in cache), then read next in order.
	held := pending // all zero again
	for s := range sc {
		for _, v := range heap[sc[s].off : sc[s].off+sc[s].size] {
			r := uint32(v)
			held[r/64] |= 1 << (r % 64)
		}
	}
	pos := next
	split(n, workers(n), func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			if held[r/64]&(1<<(r%64)) != 0 {
				pos[r]--
			} else {
				pos[r] = end[r]
			}
		}
	})
	return pos
}

// The heaps are 4-ary max-heaps: half the depth of a binary heap, and the
// four children of a node share a cache line or two.

// heapify arranges h as a max-heap (Floyd's method).
func heapify(h []uint64) {
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		siftDown(h, i, h[i])
	}
}

// replaceTop replaces the largest element of the max-heap h with v.
func replaceTop(h []uint64, v uint64) { siftDown(h, 0, v) }

// siftDown places v at node i or below, moving larger children up.
func siftDown(h []uint64, i int, v uint64) {
	n := len(h)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c // the largest child
		for k := c + 1; k < min(c+4, n); k++ {
			if h[k] > h[m] {
				m = k
			}
		}
		if h[m] <= v {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = v
}
