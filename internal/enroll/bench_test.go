package enroll

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// benchSpec is the size in the issue: 1,000,000 applicants × 5 choices ×
// 2,000 schools, one seat per applicant overall, popular schools heavily
// oversubscribed (the most popular school draws ~40× its seats as first
// choices), so many applicants are rejected several times.
var benchSpec = genSpec{applicants: 1_000_000, schools: 2_000, choices: 5, seatsPerApplicant: 1, skew: 0.9, seed: 20250701}

var (
	benchOnce sync.Once
	benchIn   *Instance
)

func benchInstance() *Instance {
	benchOnce.Do(func() { benchIn = genInstance(benchSpec) })
	return benchIn
}

// BenchmarkAllocateDA times one full draw with deferred acceptance: lottery
// keys (SHA-256 per applicant, on every core), ranking, the mechanism, and
// the result hash over the result CSV. Generating the input is excluded.
func BenchmarkAllocateDA(b *testing.B) { benchmarkAllocate(b, DA) }

// BenchmarkAllocateBoston is BenchmarkAllocateDA with the Boston mechanism.
func BenchmarkAllocateBoston(b *testing.B) { benchmarkAllocate(b, Boston) }

func benchmarkAllocate(b *testing.B, m Mechanism) {
	in := benchInstance()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	inputMiB := float64(ms.HeapAlloc) / (1 << 20)
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	assigned := 0
	for i := 0; i < b.N; i++ {
		r, err := Allocate(in, "2025070"+strconv.Itoa(i), m)
		if err != nil {
			b.Fatal(err)
		}
		if h := r.Hash(); len(h) != 64 {
			b.Fatal(h)
		}
		if i == 0 {
			for a := range in.NumApplicants() {
				if _, _, ok := r.Assignment(a); ok {
					assigned++
				}
			}
		}
	}
	b.StopTimer()
	reportCPU(b, cpu0)
	runtime.ReadMemStats(&ms)
	b.ReportMetric(inputMiB, "input-MiB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapsys-MiB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss/(1<<20), "peak-rss-MiB")
	}
	b.ReportMetric(float64(assigned), "assigned")
}

// reportCPU reports the CPU time used since cpu0 per operation, summed over
// cores: less sensitive than wall time to other processes competing for the
// machine.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu := cpuTime() - cpu0; cpu > 0 && cpu0 > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes, or 0
// where /proc is not available.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			f := bytes.Fields(rest)
			if len(f) == 2 && string(f[1]) == "kB" {
				kb, _ := strconv.ParseFloat(string(f[0]), 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// BenchmarkLotteryKeys times the key hashing and ranking alone.
func BenchmarkLotteryKeys(b *testing.B) {
	in := benchInstance()
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		draw(in, strconv.Itoa(i))
	}
	reportCPU(b, cpu0)
}

// BenchmarkResultHash times formatting and hashing the result CSV alone.
func BenchmarkResultHash(b *testing.B) {
	in := benchInstance()
	r, err := Allocate(in, "1", DA)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Hash()
	}
	reportCPU(b, cpu0)
}

// BenchmarkListHash times the canonical applicant list and its SHA-256 (done
// once, before the seed exists, so not part of the draw).
func BenchmarkListHash(b *testing.B) {
	in := benchInstance()
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in.ListHash()
	}
	reportCPU(b, cpu0)
}
