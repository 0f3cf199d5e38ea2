// Package pii protects personal data at rest: a master key with derived
// subkeys (Keyring), authenticated field encryption bound to the column it
// belongs to (Seal, Open), keyed blind indexes for exact-match lookups of
// encrypted values (BlindIndex), and display masking (MaskIDNumber,
// MaskPhone, MaskName, MaskAddress, MaskStudentNo).
package pii
