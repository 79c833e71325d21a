package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"io"
	"os"
)

func inflate(buff []byte) error {
	r, err := zlib.NewReader(bytes.NewReader(buff))
	if err != nil {
		return err
	}
	// ruleid: go.decompression-bomb
	_, err = io.Copy(os.Stdout, r)
	return err
}

func gunzip(src io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, err
	}
	// ruleid: go.decompression-bomb
	return io.ReadAll(zr)
}

func unzip(path string, out io.Writer) error {
	archive, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	for _, f := range archive.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		// ruleid: go.decompression-bomb
		_, err = io.Copy(out, rc)
		rc.Close()
	}
	return nil
}

func inflateLimited(buff []byte) error {
	r, err := zlib.NewReader(bytes.NewReader(buff))
	if err != nil {
		return err
	}
	// ok: go.decompression-bomb
	_, err = io.CopyN(os.Stdout, r, 4<<20)
	// ok: go.decompression-bomb
	_, err = io.Copy(os.Stdout, io.LimitReader(r, 4<<20))
	return err
}

func copyFile(dst io.Writer) error {
	s, err := os.Open("src")
	if err != nil {
		return err
	}
	// ok: go.decompression-bomb
	_, err = io.Copy(dst, s)
	return err
}
