package views

import "html/template"

type Profile struct {
	Name string
	Bio  template.HTML
}

func NewProfile(name, bio string) Profile {
	return Profile{Name: name, Bio: template.HTML(bio)}
}
