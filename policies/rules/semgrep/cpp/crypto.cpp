#include <stdlib.h>
#include <openssl/md5.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <curl/curl.h>
#include <sys/random.h>

void digest(const unsigned char *data, size_t n, unsigned char *out) {
    // ruleid: cpp.weak-hash
    MD5(data, n, out);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    // ruleid: cpp.weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
    // ok: cpp.weak-hash
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
}

void encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *key, const unsigned char *iv) {
    // ruleid: cpp.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_des_cbc(), NULL, key, iv);
    // ruleid: cpp.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL);
    // ok: cpp.weak-cipher
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
}

void fetch(CURL *curl, SSL_CTX *ctx) {
    // ruleid: cpp.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    // ruleid: cpp.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0);
    // ok: cpp.tls-verify-disabled
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    // ruleid: cpp.tls-verify-disabled
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    // ok: cpp.tls-verify-disabled
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
}

void generate_token(char *out, size_t n) {
    static const char charset[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < n; i++) {
        // ruleid: cpp.insecure-random
        out[i] = charset[rand() % 36];
    }
}

int roll_dice(void) {
    // ok: cpp.insecure-random
    return rand() % 6 + 1;
}

void make_salt(unsigned char *salt) {
    int session_id;
    // ruleid: cpp.insecure-random
    session_id = rand();
    // ok: cpp.insecure-random
    getrandom(salt, 16, 0);
}

std::string make_api_key() {
    std::string key;
    for (int i = 0; i < 32; i++) {
        // ruleid: cpp.insecure-random
        key += "0123456789abcdef"[std::rand() % 16];
    }
    return key;
}

void shuffle_playlist(std::vector<int> &songs) {
    // ok: cpp.predictable-seed
    std::mt19937 gen(std::time(nullptr));
    std::shuffle(songs.begin(), songs.end(), gen);
}

std::string generate_api_key() {
    // ruleid: cpp.predictable-seed
    std::srand(std::time(nullptr));
    // ruleid: cpp.predictable-seed
    srand((unsigned)time(NULL));
    // ruleid: cpp.predictable-seed
    std::mt19937 gen(std::time(nullptr));
    // ruleid: cpp.predictable-seed
    std::default_random_engine eng(std::chrono::system_clock::now().time_since_epoch().count());
    std::random_device rd;
    // ok: cpp.predictable-seed
    std::mt19937 good(rd());
    std::mt19937 later;
    // ruleid: cpp.predictable-seed
    later.seed(time(0));
}
