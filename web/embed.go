// Package web embeds the built single-page application (web/dist). Before the UI is built the
// directory holds only a placeholder, and the server answers with a page saying so.
package web

import "embed"

// Dist is the built UI.
//
//go:embed all:dist
var Dist embed.FS
