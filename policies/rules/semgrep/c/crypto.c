#include <stdlib.h>
#include <openssl/md5.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <curl/curl.h>
#include <sys/random.h>

void digest(const unsigned char *data, size_t n, unsigned char *out) {
    // ruleid: c.weak-hash
    MD5(data, n, out);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    // ruleid: c.weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
    // ok: c.weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
}

void encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *key, const unsigned char *iv) {
    // ruleid: c.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_des_cbc(), NULL, key, iv);
    // ruleid: c.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL);
    // ok: c.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
}

void fetch(CURL *curl, SSL_CTX *ctx) {
    // ruleid: c.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    // ruleid: c.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0);
    // ok: c.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    // ruleid: c.tls-verify-disabled
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    // ok: c.tls-verify-disabled
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
}

void generate_token(char *out, size_t n) {
    static const char charset[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < n; i++) {
        // ruleid: c.insecure-random
        out[i] = charset[rand() % 36];
    }
}

int roll_dice(void) {
    // ok: c.insecure-random
    return rand() % 6 + 1;
}

void make_salt(unsigned char *salt) {
    int session_id;
    // ruleid: c.insecure-random
    session_id = rand();
    // ok: c.insecure-random
    getrandom(salt, 16, 0);
}

void roll_dice(void) {
    // ok: c.predictable-seed
    srand(time(NULL));
}

void make_session_token(char *out, int n) {
    // ruleid: c.predictable-seed
    srand(time(NULL));
    // ruleid: c.predictable-seed
    srand((unsigned int)time(0) ^ getpid());
    // ruleid: c.predictable-seed
    srand(42);
    unsigned int s;
    getrandom(&s, sizeof s, 0);
    // ok: c.predictable-seed
    srand(s);
}

void windows_digest(HCRYPTPROV prov, HCRYPTHASH *hash) {
    // ruleid: c.weak-hash
    CryptCreateHash(prov, CALG_MD5, 0, 0, hash);
    // ok: c.weak-hash
    CryptCreateHash(prov, CALG_SHA_256, 0, 0, hash);
}

void windows_cipher(HCRYPTPROV prov, HCRYPTHASH hash, HCRYPTKEY *key) {
    // ruleid: c.weak-cipher
    CryptDeriveKey(prov, CALG_3DES, hash, 0, key);
    // ok: c.weak-cipher
    CryptDeriveKey(prov, CALG_AES_256, hash, 0, key);
}
