// Package errs is the one error type of edubureau: a code, a Chinese message for the user and,
// for invalid input, the fields at fault. The HTTP layer maps codes to statuses in one place.
package errs

import (
	"errors"
	"fmt"
)

// Codes.
const (
	Invalid         = "invalid"
	Unauthenticated = "unauthenticated"
	Forbidden       = "forbidden"
	NotFound        = "not_found"
	Conflict        = "conflict"
	TooLarge        = "too_large"
	RateLimited     = "rate_limited"
	Locked          = "locked"
	Internal        = "internal"
)

// FieldError names one field (or Excel cell) and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter is a hint in seconds for rate_limited and locked errors.
	RetryAfter int
	// Denied marks a refusal by the access policy (also when it answers not_found for an
	// object outside the caller's scope), so that the HTTP layer audits it.
	Denied bool
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Code + ": " + e.Message
	}
	return fmt.Sprintf("%s: %s (%s: %s)", e.Code, e.Message, e.Fields[0].Field, e.Fields[0].Message)
}

// E builds an error with a formatted message.
func E(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field builds an invalid-input error about one field.
func Field(field, message string) *Error {
	return &Error{Code: Invalid, Message: "输入有误：" + message, Fields: []FieldError{{field, message}}}
}

// NotFoundf is the answer for a missing object and for an object outside the caller's scope.
func NotFoundf(what string) *Error { return E(NotFound, "%s不存在", what) }

// Code returns the code of err, or Internal for errors that are not *Error.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error when it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field errors; Err returns nil when there are none.
type Fields []FieldError

// Add records a problem with a field.
func (f *Fields) Add(field, message string) { *f = append(*f, FieldError{field, message}) }

// Err returns an invalid-input error listing every field, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "输入有误：" + f[0].Message, Fields: f}
}
