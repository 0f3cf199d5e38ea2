package identity

// validProvince reports whether the first two digits of an address code name
// a provincial-level division: the mainland provinces, Taiwan (71), and the
// codes 81, 82 and 83 used in residence permits for residents of Hong Kong,
// Macao and Taiwan.
func validProvince(code int) bool {
	switch {
	case code >= 11 && code <= 15,
		code >= 21 && code <= 23,
		code >= 31 && code <= 37,
		code >= 41 && code <= 46,
		code >= 50 && code <= 54,
		code >= 61 && code <= 65,
		code == 71, code == 81, code == 82, code == 83:
		return true
	}
	return false
}

// checkArea validates a 6-digit address code already known to be ASCII digits.
func checkArea(area, label string) error {
	code := int(area[0]-'0')*10 + int(area[1]-'0')
	if !validProvince(code) {
		return errorf("%s前两位省份代码无效：%s", label, area[:2])
	}
	return nil
}
