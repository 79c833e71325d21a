package main

import (
	"net/http"
	"path/filepath"
)

const uploadDir = "./uploads"

func downloadHandler(w http.ResponseWriter, r *http.Request) {
	filename := filepath.Base(r.URL.Query().Get("file"))
	http.ServeFile(w, r, filepath.Join(uploadDir, filename))
}
