package server

import (
	"context"
	"fmt"
	"sort"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// A module is one business feature mounted on the server. Its file in this package (mod_<name>.go)
// registers it from init: mount builds the feature's service from the platform services, keeps it
// in s.mods for the typed getter beside it, and adds the feature's routes; menu lists its sidebar
// entries, shown after the registry's and before system administration, in order of the module's
// sort key. The optional hooks add the module's figures and pending tasks to a user's home page,
// its children and links to a parent's portal home, and its periodic upkeep (run hourly by serve).
type module struct {
	name   string
	sort   int
	menu   []menuEntry
	mount  func(s *Server) error
	home   func(ctx context.Context, s *Server, p *access.Principal) ([]Figure, []Task, error)
	portal func(ctx context.Context, s *Server, p *access.Principal) ([]Child, []PortalLink, error)
	upkeep func(ctx context.Context, s *Server, district string) error
}

var modules []module

func register(m module) {
	for _, o := range modules {
		if o.name == m.name {
			panic(fmt.Sprintf("module %s registered twice", m.name))
		}
	}
	modules = append(modules, m)
	sort.SliceStable(modules, func(i, j int) bool { return modules[i].sort < modules[j].sort })
}

// mountModules builds every registered module in sort order.
func (s *Server) mountModules() error {
	s.mods = map[string]any{}
	for _, m := range modules {
		if err := m.mount(s); err != nil {
			return fmt.Errorf("模块 %s: %w", m.name, err)
		}
	}
	return nil
}

// module returns the service a module kept under its name.
func (s *Server) module(name string) any { return s.mods[name] }
