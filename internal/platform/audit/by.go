package audit

import "github.com/edubureau/edubureau/internal/platform/access"

// By builds an entry for an action a principal took from an address.
func By(p *access.Principal, ip, action, objectType, objectID, detail string) Entry {
	e := Entry{IP: ip, Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail, Result: OK}
	if p != nil {
		e.ActorID, e.ActorName, e.Role = p.UserID, p.Username, p.Role
	}
	return e
}
