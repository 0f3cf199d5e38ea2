package server

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// The published OpenAPI document lists exactly the routes the server answers, and each documented
// operation reaches a handler (never the generic "接口不存在").
func TestOpenAPI_InStepWithRoutes(t *testing.T) {
	f := newFixture(t, "")
	status, raw := f.as("anon").do("GET", "/api/v1/openapi.json", nil)
	if status != 200 {
		t.Fatal(status)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			var o struct {
				Summary   string         `json:"summary"`
				Responses map[string]any `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil || o.Summary == "" || o.Responses["200"] == nil {
				t.Errorf("%s: incomplete operation %s", key, op)
			}
		}
	}
	var routes []string
	for _, r := range f.s.Router.Routes() {
		key := r.Method + " " + r.Path
		routes = append(routes, key)
		if !documented[key] {
			t.Errorf("route %s is not documented", key)
		}
		delete(documented, key)
	}
	for k := range documented {
		t.Errorf("documented %s has no route", k)
	}
	sort.Strings(routes)
	c := f.as(access.SysAdmin)
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, key := range routes {
		method, path, _ := strings.Cut(key, " ")
		_, body := c.do(method, param.ReplaceAllString(path, "1"), nil)
		if strings.Contains(string(body), "接口不存在") {
			t.Errorf("%s answers as an unknown route", key)
		}
	}
	if _, body := c.do("GET", "/api/v1/no-such-thing", nil); !strings.Contains(string(body), "接口不存在") {
		t.Errorf("unknown route answered %s", body)
	}
}
