package main

import (
	"net/http"
	"strings"
)

func loginHandler(w http.ResponseWriter, r *http.Request) {
	if !checkCredentials(r.FormValue("user"), r.FormValue("pass")) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	redirectTo := r.URL.Query().Get("redirect")
	if strings.HasPrefix(redirectTo, "/") && !strings.HasPrefix(redirectTo, "//") {
		http.Redirect(w, r, redirectTo, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
