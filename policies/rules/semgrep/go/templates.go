package main

import (
	"net/http"
	"os"
	"text/template"
)

var page = template.Must(template.New("page").Parse(`<h1>Hello {{.Name}}</h1>`))

func hello(w http.ResponseWriter, r *http.Request) {
	// ruleid: go.text-template-html
	page.Execute(w, map[string]string{"Name": r.URL.Query().Get("name")})
}

func writeConfig() error {
	// ok: go.text-template-html
	return page.Execute(os.Stdout, map[string]string{"Name": "config"})
}
