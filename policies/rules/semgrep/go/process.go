package main

import (
	"context"
	"os/exec"
	"syscall"
	"unsafe"
)

func runTool(userInput string) error {
	// ruleid: go.command-program-not-literal
	cmd := exec.Command(userInput, "--version")
	return cmd.Run()
}

func runLooked(ctx context.Context, name string) error {
	path, _ := exec.LookPath(name)
	// ruleid: go.command-program-not-literal
	return exec.CommandContext(ctx, path, "-v").Run()
}

func runFixed(file string) error {
	// ok: go.command-program-not-literal
	if err := exec.Command("gzip", "-k", file).Run(); err != nil {
		return err
	}
	bin := "tar"
	// ok: go.command-program-not-literal
	return exec.Command(bin, "-czf", "out.tgz", file).Run()
}

func replace(prog string, argv []string, env []string) error {
	// ruleid: go.command-program-not-literal
	return syscall.Exec(prog, argv, env)
}

func bytesToString(b []byte) string {
	// ruleid: go.unsafe-pointer
	return *(*string)(unsafe.Pointer(&b))
}

func bytesToStringSafe(b []byte) string {
	// ok: go.unsafe-pointer
	return string(b)
}
