package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/web"
)

const notBuilt = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>edubureau</title>
<body style="font-family:sans-serif;padding:2em"><h1>前端尚未构建</h1><p>请运行 <code>make web</code> 后重新编译，或直接运行 <code>make demo</code>。接口仍可通过 <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> 访问。</p></body></html>`

// staticHandler serves the embedded UI; paths that are not files get index.html (client routing).
func staticHandler() http.Handler {
	dist, _ := fs.Sub(web.Dist, "dist")
	files := http.FileServer(http.FS(dist))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(dist, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
		}
		index, err := fs.ReadFile(dist, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		if err != nil {
			_, _ = w.Write([]byte(notBuilt))
			return
		}
		_, _ = w.Write(index)
	})
}

// apiNotFound answers unknown API paths with the error envelope.
func apiNotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpapi.WriteError(w, errs.E(errs.NotFound, "接口不存在：%s %s", r.Method, r.URL.Path))
	})
}
