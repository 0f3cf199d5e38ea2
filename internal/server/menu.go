package server

import (
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
)

// menuEntry is a sidebar entry and the permissions that show it (any of them).
type menuEntry struct {
	item  auth.MenuItem
	perms []string
	staff bool // shown to every bureau or school user (not to parents)
}

// menuEntries are the platform's and the registry's entries; the modules' entries (modules.go) go
// between the registry's and system administration.
var menuEntries = []menuEntry{
	{auth.MenuItem{Key: "home", Title: "首页", Path: "/", Icon: "House"}, nil, true},
	{auth.MenuItem{Key: "schools", Title: "学校", Path: "/org/schools", Icon: "School"}, []string{access.OrgRead}, false},
	{auth.MenuItem{Key: "students", Title: "学生学籍", Path: "/registry/students", Icon: "Reading"}, []string{access.RegistryRead}, false},
	{auth.MenuItem{Key: "staff", Title: "教职工", Path: "/registry/staff", Icon: "Avatar"}, []string{access.RegistryRead}, false},
	{auth.MenuItem{Key: "transfers", Title: "转学办理", Path: "/registry/transfers", Icon: "Switch"}, []string{access.RegistryRead}, false},
	{auth.MenuItem{Key: "users", Title: "账号管理", Path: "/admin/users", Icon: "User"}, []string{access.UsersManage, access.UsersRead}, false},
	{auth.MenuItem{Key: "roles", Title: "角色权限", Path: "/admin/roles", Icon: "Lock"}, []string{access.RolesAssign, access.UsersManage}, false},
	{auth.MenuItem{Key: "sections", Title: "科室管理", Path: "/admin/sections", Icon: "Tickets"}, []string{access.SettingsManage}, false},
	{auth.MenuItem{Key: "dictionaries", Title: "数据字典", Path: "/admin/dictionaries", Icon: "Collection"}, []string{access.SettingsManage}, false},
	{auth.MenuItem{Key: "security", Title: "安全策略", Path: "/admin/security", Icon: "Setting"}, []string{access.SecurityPolicy}, false},
	{auth.MenuItem{Key: "audit", Title: "审计日志", Path: "/audit", Icon: "Document"}, []string{access.AuditRead}, false},
	{auth.MenuItem{Key: "jobs", Title: "后台任务", Path: "/jobs", Icon: "List"}, nil, true},
	{auth.MenuItem{Key: "portal", Title: "家长服务", Path: "/portal", Icon: "House"}, []string{access.Portal}, false},
}

// allMenuEntries is the sidebar in order: platform and registry entries up to 转学办理, the
// modules' entries, then the rest.
func allMenuEntries() []menuEntry {
	out := []menuEntry{}
	for _, e := range menuEntries {
		out = append(out, e)
		if e.item.Key == "transfers" {
			for _, m := range modules {
				out = append(out, m.menu...)
			}
		}
	}
	return out
}

// Menu builds the sidebar of a principal from their permissions.
func Menu(p *access.Principal) []auth.MenuItem {
	out := []auth.MenuItem{}
	for _, e := range allMenuEntries() {
		show := e.staff && p.Role != access.Parent && p.Role != ""
		for _, perm := range e.perms {
			show = show || p.Can(perm)
		}
		if show {
			out = append(out, e.item)
		}
	}
	return out
}
