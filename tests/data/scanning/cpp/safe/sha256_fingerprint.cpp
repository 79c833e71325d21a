#include <openssl/sha.h>
#include <string>

std::string fingerprint(const std::string &data) {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(data.data()), data.size(), out);
    return std::string(reinterpret_cast<char *>(out), sizeof out);
}
