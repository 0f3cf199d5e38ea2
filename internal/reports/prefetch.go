package reports

import (
	"context"
	"sync"
)

// prefetch computes the figures a template names (and their previous periods for comparisons)
// a few at a time before the template is rendered in order: the modules' read functions are
// independent queries, so reading them side by side shortens a report on a multi-core server.
// Errors are left for the render, which meets the same memoized answers and reports them in place.
func prefetch(ctx context.Context, t *Template, env *Env, parallel int) {
	type job struct {
		m  *Metric
		sc Scope
		p  Period
	}
	var jobs []job
	add := func(c *Call) {
		for _, a := range c.Args {
			m := catalog[a]
			if m == nil {
				continue
			}
			sc := env.Scope
			if v := c.Opts["scope"]; v != "" && v != "self" {
				if s, err := ParseScope(v); err == nil {
					sc = s
				}
			}
			if !m.Allows(sc.Kind) || c.Opts["by"] != "" || (env.Confined && sc != env.Scope) {
				continue
			}
			jobs = append(jobs, job{m, sc, env.Period})
			if c.Fn == "change" || c.Fn == "pct_change" || c.Fn == "prev" {
				jobs = append(jobs, job{m, sc, env.Period.Prev()})
			}
		}
	}
	for _, b := range t.Blocks {
		if b.Call != nil {
			add(b.Call)
		}
		for _, s := range b.Segs {
			if s.Call != nil {
				add(s.Call)
			}
		}
	}
	if env.Plan != nil {
		for _, ch := range env.Plan.Chapters {
			for _, it := range ch.Items {
				if it.Target != nil && it.Target.Scope == "" {
					add(&Call{Fn: "metric", Args: []string{it.Target.Metric}})
				}
			}
		}
	}
	for _, pr := range problemRules {
		add(&Call{Fn: "metric", Args: []string{pr.Metric}})
	}
	ch := make(chan job)
	var wg sync.WaitGroup
	for range max(1, parallel) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				_, _ = env.Src.Eval(ctx, j.m, j.sc, j.p)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}
