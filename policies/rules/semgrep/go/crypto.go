package main

import (
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/des"
	"database/sql"
	"encoding/hex"
	"math/rand"
	"net/http"
	"os"

	"github.com/golang-jwt/jwt/v5"
)

// ruleid: go.hardcoded-credential
const dbPassword = "Pr0d-S3cret!"

func connect() (*sql.DB, error) {
	// ruleid: go.hardcoded-credential
	return sql.Open("postgres", "postgres://app:s3cretpass@db:5432/app?sslmode=disable")
}

func connectEnv() (*sql.DB, error) {
	// ok: go.hardcoded-credential
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func checksum(data []byte) string {
	// ruleid: go.weak-hash
	sum := md5.Sum(data)
	return hex.EncodeToString(sum[:])
}

func digest(data []byte) [32]byte {
	// ok: go.weak-hash
	return sha256.Sum256(data)
}

func hashPassword(password string) string {
	// ruleid: go.weak-password-hash
	sum := sha256.Sum256([]byte(password))
	return hex.EncodeToString(sum[:])
}

func legacyCipher(key []byte) {
	// ruleid: go.weak-cipher
	block, _ := des.NewCipher(key)
	_ = block
}

func genKey() {
	// ruleid: go.weak-rsa-key
	k1, _ := rsa.GenerateKey(nil, 1024)
	// ok: go.weak-rsa-key
	k2, _ := rsa.GenerateKey(nil, 3072)
	_, _ = k1, k2
}

func generateToken(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		// ruleid: go.insecure-random-secret
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func jitter() int {
	// ok: go.insecure-random-secret
	return rand.Intn(100)
}

func insecureClient() *http.Client {
	// ruleid: go.tls-verification-disabled
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	return &http.Client{Transport: tr}
}

func secureClient() *http.Client {
	// ok: go.tls-verification-disabled
	tr := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	return &http.Client{Transport: tr}
}

func claims(tokenString string) jwt.MapClaims {
	claims := jwt.MapClaims{}
	// ruleid: go.jwt-verification-disabled
	jwt.NewParser().ParseUnverified(tokenString, claims)
	return claims
}

func sign(c jwt.MapClaims) (string, error) {
	// ruleid: go.hardcoded-credential
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte("my-secret-key"))
}

func signEnv(c jwt.MapClaims) (string, error) {
	// ok: go.hardcoded-credential
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(os.Getenv("JWT_SECRET")))
}

func signNone(c jwt.MapClaims) (string, error) {
	// ruleid: go.jwt-none-algorithm
	token := jwt.NewWithClaims(jwt.SigningMethodNone, c)
	// ruleid: go.jwt-none-algorithm
	return token.SignedString(jwt.UnsafeAllowNoneSignatureType)
}

func signHS(c jwt.MapClaims) (string, error) {
	// ok: go.jwt-none-algorithm
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

// ruleid: go.hardcoded-credential
var jwtKey = []byte("my_secret_key")

func signWithKey(c jwt.MapClaims) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	// ruleid: go.hardcoded-credential
	return token.SignedString(jwtKey)
}

func signWithEnvKey(c jwt.MapClaims) (string, error) {
	envKey := []byte(os.Getenv("JWT_SECRET"))
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	// ok: go.hardcoded-credential
	return token.SignedString(envKey)
}
