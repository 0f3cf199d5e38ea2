package identity

import "fmt"

// Error reports why a number was rejected. Reason is a complete Chinese
// sentence meant to be shown to the school clerk who typed the value.
type Error struct {
	Reason string
}

// Error returns the Reason.
func (e *Error) Error() string { return e.Reason }

func errorf(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}
