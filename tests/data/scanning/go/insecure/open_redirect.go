package main

import "net/http"

func loginHandler(w http.ResponseWriter, r *http.Request) {
	if !checkCredentials(r.FormValue("user"), r.FormValue("pass")) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	redirectTo := r.URL.Query().Get("redirect")
	if redirectTo == "" {
		redirectTo = "/"
	}
	http.Redirect(w, r, redirectTo, http.StatusSeeOther)
}
