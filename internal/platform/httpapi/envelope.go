package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

type envelope struct {
	Error envelopeBody `json:"error"`
}

type envelopeBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  []errs.FieldError `json:"fields,omitempty"`
}

var statusOf = map[string]int{
	errs.Invalid:         http.StatusBadRequest,
	errs.Unauthenticated: http.StatusUnauthorized,
	errs.Forbidden:       http.StatusForbidden,
	errs.NotFound:        http.StatusNotFound,
	errs.Conflict:        http.StatusConflict,
	errs.TooLarge:        http.StatusRequestEntityTooLarge,
	errs.Locked:          http.StatusLocked,
	errs.RateLimited:     http.StatusTooManyRequests,
	errs.Internal:        http.StatusInternalServerError,
}

// Status is the HTTP status of an error code.
func Status(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// WriteError writes err as the error envelope. Errors that are not *errs.Error are internal: their
// text is logged by the caller, never shown.
func WriteError(w http.ResponseWriter, err error) {
	e, ok := errs.As(err)
	if !ok {
		e = &errs.Error{Code: errs.Internal, Message: "服务器内部错误，请稍后再试"}
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(Status(e.Code))
	_ = json.NewEncoder(w).Encode(envelope{envelopeBody{e.Code, e.Message, e.Fields}})
}
