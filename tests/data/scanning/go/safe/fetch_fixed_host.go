package main

import (
	"io"
	"net/http"
	"net/url"
)

func weatherHandler(w http.ResponseWriter, r *http.Request) {
	city := url.QueryEscape(r.URL.Query().Get("city"))
	resp, err := http.Get("https://api.weather.example.com/v1/current?city=" + city)
	if err != nil {
		http.Error(w, "upstream error", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
