package enroll

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// LotteryKey returns the applicant's lottery key, SHA-256(seed ‖ 0x00 ‖
// applicantID) over the UTF-8 bytes of both strings. Keys are compared as
// bytes; the smallest key is the luckiest. The same key serves at every school.
func LotteryKey(seed, applicantID string) [32]byte {
	buf := make([]byte, 0, len(seed)+1+len(applicantID))
	buf = append(buf, seed...)
	buf = append(buf, 0)
	buf = append(buf, applicantID...)
	return sha256.Sum256(buf)
}

// lottery is the lottery of one draw: every applicant's key and the order of
// the keys.
type lottery struct {
	keys  [][32]byte
	order []int32  // order[r]: the applicant whose key is the r-th smallest
	rank  []uint32 // rank[i]: the position of applicant i's key: order[rank[i]] == i
}

// maxBucketBits bounds the number of leading key bits used to bucket keys
// before sorting each bucket; keys are uniform, so buckets are small.
const maxBucketBits = 16

// parallelMin is the amount of work below which a loop is not split.
const parallelMin = 1 << 14

// workers returns how many goroutines to split n items over.
func workers(n int) int {
	if n < parallelMin {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), n/parallelMin))
}

// split runs fn(w, lo, hi) for w = 0..nw-1 over consecutive chunks of [0, n),
// concurrently when nw > 1.
func split(n, nw int, fn func(w, lo, hi int)) {
	if nw <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range nw {
		lo, hi := n*w/nw, n*(w+1)/nw
		wg.Go(func() { fn(w, lo, hi) })
	}
	wg.Wait()
}

// draw computes every applicant's key (on every core) and sorts the keys:
// keys are bucketed by their leading bits, then each bucket is sorted.
func draw(in *Instance, seed string) *lottery {
	n := len(in.applicantIDs)
	lt := &lottery{
		keys:  make([][32]byte, n),
		order: make([]int32, n),
		rank:  make([]uint32, n),
	}
	nw := workers(n)
	shift := 16 - min(maxBucketBits, bits.Len(uint(n)))
	nb := 1 << (16 - shift)
	counts := make([][]int32, nw)
	split(n, nw, func(w, lo, hi int) {
		cnt := make([]int32, nb)
		buf := make([]byte, 0, len(seed)+64)
		buf = append(buf, seed...)
		buf = append(buf, 0)
		p := len(buf)
		keys := lt.keys
		for i := lo; i < hi; i++ {
			buf = append(buf[:p], in.applicantIDs[i]...)
			k := sha256.Sum256(buf)
			keys[i] = k
			cnt[int(binary.BigEndian.Uint16(k[:2]))>>shift]++
		}
		counts[w] = cnt
	})

	// Bucket starts, then each worker's own offset inside every bucket, so
	// that the scatter below writes disjoint positions and is deterministic.
	bstart := make([]int32, nb+1)
	for b := range nb {
		s := bstart[b]
		for w := range nw {
			c := counts[w][b]
			counts[w][b] = s
			s += c
		}
		bstart[b+1] = s
	}
	type entry struct {
		prefix uint64
		i      int32
	}
	tmp := make([]entry, n)
	split(n, nw, func(w, lo, hi int) {
		off := counts[w]
		for i := lo; i < hi; i++ {
			pre := binary.BigEndian.Uint64(lt.keys[i][:8])
			b := int(pre>>48) >> shift
			tmp[off[b]] = entry{pre, int32(i)}
			off[b]++
		}
	})
	// Sort each bucket by the 64-bit prefix (insertion sort: buckets hold a
	// handful of uniform keys), then order equal prefixes by the whole key.
	full := func(a, b entry) int {
		if a.prefix != b.prefix {
			if a.prefix < b.prefix {
				return -1
			}
			return 1
		}
		return bytes.Compare(lt.keys[a.i][8:], lt.keys[b.i][8:])
	}
	split(nb, nw, func(_, blo, bhi int) {
		for b := blo; b < bhi; b++ {
			seg := tmp[bstart[b]:bstart[b+1]]
			if len(seg) > 32 {
				slices.SortFunc(seg, full)
			} else {
				for x := 1; x < len(seg); x++ {
					e := seg[x]
					y := x
					for ; y > 0 && seg[y-1].prefix > e.prefix; y-- {
						seg[y] = seg[y-1]
					}
					seg[y] = e
				}
				for x := 1; x < len(seg); x++ {
					if seg[x-1].prefix == seg[x].prefix {
						slices.SortStableFunc(seg, full)
						break
					}
				}
			}
		}
		for r := bstart[blo]; r < bstart[bhi]; r++ {
			i := tmp[r].i
			lt.order[r] = i
			lt.rank[i] = uint32(r)
		}
	})
	return lt
}

// rankSpace is the instance renumbered by lottery rank: applicant r is the one
// with the r-th smallest key, and their choices are prop[start[r]:end[r]].
// Each choice is packed as by packChoice, so a school's priority for a
// proposal is prop&^lowMask | r: one integer compare ranks (tier, key), and
// ranks are distinct, so there are no ties. Walking applicants in rank order
// reads their choices sequentially.
type rankSpace struct {
	start, end []int32
	prop       []uint64 // tier<<32 | school
}

const lowMask = 0xffffffff

// newRankSpace lays the choices out in rank order. When lists are of similar
// length (total slots n × longest list at most twice the choices), every
// applicant gets a fixed stride and the copy is a scatter: applicants are read
// in order and written at their rank, so no read waits on a cache miss.
// Otherwise the lists are packed and gathered in rank order.
func newRankSpace(in *Instance, lt *lottery) *rankSpace {
	n := len(lt.order)
	k := in.maxChoices
	rs := &rankSpace{start: make([]int32, n), end: make([]int32, n)}
	nw := workers(n)
	if slots := n * k; slots <= math.MaxInt32 && (slots <= 2*len(in.prop) || slots <= 1<<16) {
		rs.prop = make([]uint64, slots)
		split(n, nw, func(_, lo, hi int) {
			for a := lo; a < hi; a++ {
				r := int(lt.rank[a])
				dst := rs.prop[r*k : r*k+k]
				src := in.prop[in.start[a]:in.start[a+1]]
				for j, c := range src {
					dst[j] = c
				}
				rs.start[r] = int32(r * k)
				rs.end[r] = int32(r*k + len(src))
			}
		})
		return rs
	}
	rs.prop = make([]uint64, len(in.prop))
	split(n, nw, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			a := lt.order[r]
			rs.end[r] = in.start[a+1] - in.start[a]
		}
	})
	total := int32(0)
	for r := range n {
		rs.start[r] = total
		total += rs.end[r]
		rs.end[r] = total
	}
	split(n, nw, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			a := lt.order[r]
			copy(rs.prop[rs.start[r]:rs.end[r]], in.prop[in.start[a]:in.start[a+1]])
		}
	})
	return rs
}
