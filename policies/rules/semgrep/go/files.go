package main

import (
	"os"
)

func publish(path string, data []byte) error {
	// ruleid: go.insecure-file-permissions
	if err := os.WriteFile(path, data, 0777); err != nil {
		return err
	}
	// ok: go.insecure-file-permissions
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	// ok: go.insecure-file-permissions
	os.WriteFile(path, data, 0666)
	// ok: go.insecure-file-permissions
	os.MkdirAll("/srv/app/cache", 0777)
	// ruleid: go.insecure-file-permissions
	return os.Chmod(path, 0666)
}

func report(data []byte) error {
	// ruleid: go.insecure-temp-file
	f, err := os.Create("/tmp/report.csv")
	if err != nil {
		return err
	}
	defer f.Close()
	// ok: go.insecure-temp-file
	g, err := os.CreateTemp("", "report-*.csv")
	if err != nil {
		return err
	}
	defer g.Close()
	_, err = f.Write(data)
	return err
}
