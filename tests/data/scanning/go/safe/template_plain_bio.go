package views

import (
	"html/template"
	"net/http"
)

var profileTmpl = template.Must(template.New("p").Parse(`<h1>{{.Name}}</h1><p>{{.Bio}}</p>`))

func Render(w http.ResponseWriter, name, bio string) error {
	return profileTmpl.Execute(w, map[string]string{"Name": name, "Bio": bio})
}
