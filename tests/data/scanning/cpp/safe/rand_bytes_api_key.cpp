#include <openssl/rand.h>
#include <string>

std::string generate_api_key() {
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("no entropy");
    static const char hex[] = "0123456789abcdef";
    std::string key;
    for (unsigned char b : raw) { key += hex[b >> 4]; key += hex[b & 15]; }
    return key;
}
