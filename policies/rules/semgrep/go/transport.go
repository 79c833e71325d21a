package main

import (
	"crypto/tls"
	"net/http"

	"golang.org/x/crypto/ssh"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

func sshConfig(user, password string, hostKey ssh.PublicKey) (*ssh.ClientConfig, *ssh.ClientConfig) {
	bad := &ssh.ClientConfig{
		User: user,
		Auth: []ssh.AuthMethod{ssh.Password(password)},
		// ruleid: go.ssh-insecure-host-key
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	good := &ssh.ClientConfig{
		User: user,
		Auth: []ssh.AuthMethod{ssh.Password(password)},
		// ok: go.ssh-insecure-host-key
		HostKeyCallback: ssh.FixedHostKey(hostKey),
	}
	return bad, good
}

func dial(addr string, cfg *tls.Config) {
	// ruleid: go.grpc-insecure-transport
	c1, _ := grpc.Dial(addr, grpc.WithInsecure())
	// ruleid: go.grpc-insecure-transport
	c2, _ := grpc.Dial(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	// ok: go.grpc-insecure-transport
	c3, _ := grpc.Dial(addr, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	_, _, _ = c1, c2, c3
}

func tlsConfigs() (*tls.Config, *tls.Config) {
	// ruleid: go.tls-obsolete-version
	old := &tls.Config{MinVersion: tls.VersionTLS10}
	// ok: go.tls-obsolete-version
	modern := &tls.Config{MinVersion: tls.VersionTLS12}
	return old, modern
}

func setSession(w http.ResponseWriter, id string) {
	// ruleid: go.cookie-missing-flags
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Path: "/"})
	// ruleid: go.cookie-missing-flags
	c := http.Cookie{Name: "session", Value: id, Secure: true}
	http.SetCookie(w, &c)
	// ok: go.cookie-missing-flags
	http.SetCookie(w, &http.Cookie{Name: "session", Value: id, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	// ok: go.cookie-missing-flags
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})
}
