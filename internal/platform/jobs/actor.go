package jobs

import "github.com/edubureau/edubureau/internal/platform/access"

// Actor keeps, in a job's parameters, who started it, so that the job applies their scope and
// audits in their name when it runs later (after a restart too).
type Actor struct {
	UserID   int64    `json:"user_id"`
	Username string   `json:"username"`
	Role     string   `json:"role"`
	District string   `json:"district"`
	SchoolID int64    `json:"school_id"`
	ZoneID   int64    `json:"zone_id"`
	Grants   []string `json:"grants"`
	IP       string   `json:"ip"`
}

// ActorOf records a principal and their address for a job.
func ActorOf(p *access.Principal, ip string) Actor {
	r := Actor{UserID: p.UserID, Username: p.Username, Role: p.Role, District: p.District, SchoolID: p.SchoolID,
		ZoneID: p.ZoneID, IP: ip}
	for perm := range p.Permissions {
		r.Grants = append(r.Grants, perm)
	}
	return r
}

// Principal rebuilds the recorded principal.
func (a Actor) Principal() *access.Principal {
	return access.NewPrincipal(a.UserID, a.Username, "", a.Role, a.District, a.SchoolID, a.ZoneID, 0, a.Grants)
}
