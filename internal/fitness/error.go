package fitness

import "fmt"

// Error reports a value the standard cannot score. Reason is a complete Chinese sentence meant
// for the clerk who typed the value; Field names the input ("grade", "sex", "height_cm",
// "weight_kg", "exempt_reason" or an item code such as "run_50m"), empty when the error is about
// a lone string (ParseTime, ParseNumber).
type Error struct {
	Field  string
	Reason string
}

// Error returns the Reason.
func (e *Error) Error() string { return e.Reason }

func errorf(field, format string, args ...any) error {
	return &Error{Field: field, Reason: fmt.Sprintf(format, args...)}
}
