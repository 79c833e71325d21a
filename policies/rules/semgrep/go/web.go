package main

// ruleid: go.pprof-exposed
import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/rs/cors"
	_ "net/http/pprof"
)

const baseDir = "/srv/files"

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: go.path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, name))
	// ok: go.path-traversal
	data2, err2 := os.ReadFile(filepath.Join(baseDir, filepath.Base(name)))
	_, _, _, _ = data, err, data2, err2
	// ruleid: go.path-traversal
	http.ServeFile(w, r, baseDir+"/"+r.URL.Query().Get("f"))
}

func ginFile(c *gin.Context) {
	// ruleid: go.path-traversal
	c.File(filepath.Join(baseDir, c.Param("name")))
}

func proxy(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: go.ssrf
	resp, err := http.Get(target)
	// ok: go.ssrf
	resp2, err2 := http.Get("https://api.example.com/users/" + r.URL.Query().Get("id"))
	base := "https://api.example.com/users/" + r.URL.Query().Get("id")
	// ok: go.ssrf
	resp3, _ := http.Get(base)
	joined := "https://api.example.com" + r.URL.Query().Get("path")
	// ruleid: go.ssrf
	resp4, _ := http.Get(joined)
	formatted := fmt.Sprintf("https://%s/v1/items", r.URL.Query().Get("host"))
	// ruleid: go.ssrf
	resp5, _ := http.Get(formatted)
	_, _, _ = resp3, resp4, resp5
	_, _, _, _ = resp, err, resp2, err2
}

func login(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	// ruleid: go.open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func loginSafe(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") {
		// ok: go.open-redirect
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	// ok: go.open-redirect
	http.Redirect(w, r, "/", http.StatusFound)
}

func hostRedirect(w http.ResponseWriter, req *http.Request) {
	target := "https://" + req.Host + req.URL.Path
	// ruleid: go.open-redirect
	http.Redirect(w, req, target, http.StatusTemporaryRedirect)
}

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ruleid: go.cors-wildcard-credentials
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, r)
	})
}

func corsOptions() *cors.Cors {
	// ruleid: go.cors-wildcard-credentials
	open := cors.New(cors.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true})
	// ok: go.cors-wildcard-credentials
	closed := cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	_ = closed
	return open
}
