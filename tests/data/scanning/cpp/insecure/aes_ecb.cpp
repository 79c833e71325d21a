#include <openssl/evp.h>
#include <vector>

std::vector<unsigned char> encrypt(const std::vector<unsigned char> &key, const std::vector<unsigned char> &plain) {
    std::vector<unsigned char> out(plain.size() + 16);
    int n = 0, m = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), nullptr, key.data(), nullptr);
    EVP_EncryptUpdate(ctx, out.data(), &n, plain.data(), static_cast<int>(plain.size()));
    EVP_EncryptFinal_ex(ctx, out.data() + n, &m);
    EVP_CIPHER_CTX_free(ctx);
    out.resize(n + m);
    return out;
}
