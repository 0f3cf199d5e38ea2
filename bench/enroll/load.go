package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// counts is what one connection saw during the measured window.
type counts struct {
	lat                      []time.Duration // successful submissions
	ok, busy, invalid, other int
	netErr                   int
	busyRetryAfterMissing    int
	firstOther               string
}

func load(args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:18080"+standinPath, "submit endpoint")
	sessFile := fs.String("sessions", "sessions.json", "sessions file (from standin or sessions)")
	conns := fs.Int("conns", 256, "concurrent connections, one request in flight each")
	dur := fs.Duration("duration", 20*time.Second, "measured duration")
	warm := fs.Duration("warmup", 3*time.Second, "unmeasured warm-up before the window")
	campaign := fs.Int64("campaign", 1, "campaign id in the bodies")
	schoolsFlag := fs.String("schools", "", "comma-separated school ids for the choices (default 1..60)")
	start := fs.Int("start", 0, "first application number (use distinct ranges for repeated runs on one database)")
	backoff := fs.Bool("backoff", true, "after a 429, wait the Retry-After (with jitter) before the next request")
	ackLog := fs.String("acked", "", "append the child ID of every acknowledged submission to this file")
	targetFile := fs.String("target", "", "target file from \"sessions\": submit to the real endpoint's body format")
	pid := fs.Int("pid", 0, "server process id: report its CPU time per accepted submission (from /proc)")
	_ = fs.Parse(args)

	ss, err := readSessions(*sessFile)
	if err != nil {
		return err
	}
	schools := make([]int64, 0, nSchools)
	if *schoolsFlag == "" {
		for k := range nSchools {
			schools = append(schools, int64(k+1))
		}
	} else {
		for _, f := range strings.Split(*schoolsFlag, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil {
				return fmt.Errorf("-schools: %w", err)
			}
			schools = append(schools, id)
		}
	}
	var tgt *target
	if *targetFile != "" {
		if tgt, err = readTarget(*targetFile); err != nil {
			return err
		}
	}
	var acked *os.File
	if *ackLog != "" {
		if acked, err = os.OpenFile(*ackLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err != nil {
			return err
		}
		defer acked.Close()
	}
	tr := &http.Transport{MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var next atomic.Int64
	next.Store(int64(*start))
	var measuring, stopping atomic.Bool
	results := make([]counts, *conns)
	var ackMu sync.Mutex
	var wg sync.WaitGroup
	for c := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := ss[c%len(ss)]
			res := &results[c]
			body := make([]byte, 0, 1024)
			for !stopping.Load() {
				i := int(next.Add(1) - 1)
				if tgt != nil {
					body = realBody(body, i, tgt)
				} else {
					body = applicationBody(body, i, *campaign, schools)
				}
				req, _ := http.NewRequest("POST", *url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", s.Cookie)
				req.Header.Set("X-CSRF-Token", s.CSRF)
				t0 := time.Now()
				r, err := client.Do(req)
				var raw []byte
				if err == nil {
					raw, _ = io.ReadAll(r.Body)
					r.Body.Close()
				}
				lat := time.Since(t0)
				m := measuring.Load()
				switch {
				case err != nil:
					if m {
						res.netErr++
					}
					time.Sleep(10 * time.Millisecond)
				case r.StatusCode == http.StatusCreated || r.StatusCode == http.StatusOK:
					if acked != nil {
						id, _ := childID(i)
						ackMu.Lock()
						fmt.Fprintln(acked, id)
						ackMu.Unlock()
					}
					if m {
						res.ok++
						res.lat = append(res.lat, lat)
					}
				case r.StatusCode == http.StatusTooManyRequests:
					ra, _ := strconv.Atoi(r.Header.Get("Retry-After"))
					if m {
						res.busy++
						if ra <= 0 {
							res.busyRetryAfterMissing++
						}
					}
					if *backoff && ra > 0 {
						time.Sleep(time.Duration(float64(ra) * float64(time.Second) * (0.5 + rand.Float64())))
					}
				case r.StatusCode == http.StatusBadRequest || r.StatusCode == http.StatusConflict:
					if m {
						res.invalid++
						if res.firstOther == "" {
							res.firstOther = fmt.Sprintf("%d %s", r.StatusCode, raw)
						}
					}
				default:
					if m {
						res.other++
						if res.firstOther == "" {
							res.firstOther = fmt.Sprintf("%d %s", r.StatusCode, raw)
						}
					}
				}
			}
		}()
	}
	time.Sleep(*warm)
	srv0, self0 := procCPU(*pid), selfCPU()
	measuring.Store(true)
	t0 := time.Now()
	time.Sleep(*dur)
	measuring.Store(false)
	elapsed := time.Since(t0)
	srvCPU, selfUsed := procCPU(*pid)-srv0, selfCPU()-self0
	stopping.Store(true)
	wg.Wait()

	var total counts
	for _, r := range results {
		total.lat = append(total.lat, r.lat...)
		total.ok += r.ok
		total.busy += r.busy
		total.invalid += r.invalid
		total.other += r.other
		total.netErr += r.netErr
		total.busyRetryAfterMissing += r.busyRetryAfterMissing
		if total.firstOther == "" {
			total.firstOther = r.firstOther
		}
	}
	slices.Sort(total.lat)
	pct := func(p float64) time.Duration {
		if len(total.lat) == 0 {
			return 0
		}
		return total.lat[min(len(total.lat)-1, int(p*float64(len(total.lat))))]
	}
	sum := map[string]any{
		"conns": *conns, "seconds": elapsed.Seconds(),
		"accepted_per_s": float64(total.ok) / elapsed.Seconds(),
		"accepted":       total.ok, "rejected_429": total.busy, "invalid_or_conflict": total.invalid,
		"other_status": total.other, "network_errors": total.netErr, "429_without_retry_after": total.busyRetryAfterMissing,
		"load_cpu_us_per_accepted": perReq(selfUsed, total.ok),
		"p50_ms":                   ms(pct(0.50)), "p90_ms": ms(pct(0.90)), "p99_ms": ms(pct(0.99)), "max_ms": ms(pct(1)),
	}
	if *pid > 0 {
		sum["server_cpu_us_per_accepted"] = perReq(srvCPU, total.ok)
		sum["server_cores_used"] = srvCPU.Seconds() / elapsed.Seconds()
	}
	b, _ := json.MarshalIndent(sum, "", "  ")
	fmt.Println(string(b))
	if total.firstOther != "" {
		fmt.Println("first unexpected answer:", truncate(total.firstOther, 300))
	}
	fmt.Printf("next -start for this database: %d\n", next.Load()+1)
	return nil
}

func perReq(cpu time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(cpu.Microseconds()) / float64(n)
}

// procCPU is the user+system CPU time of process pid so far (0 when unknown).
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * time.Second / 100 // USER_HZ
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
