package main

import (
	"net"
	"net/http"
	"os/exec"
)

func pingHandler(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(r.FormValue("host"))
	if ip == nil {
		http.Error(w, "invalid address", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("ping", "-c", "3", ip.String()).CombinedOutput()
	if err != nil {
		http.Error(w, "ping failed", http.StatusBadGateway)
		return
	}
	w.Write(out)
}
