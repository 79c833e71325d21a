#include <cstdlib>
#include <ctime>
#include <string>

std::string generate_api_key(std::size_t len = 32) {
    static const char chars[] = "0123456789abcdef";
    std::srand(static_cast<unsigned>(std::time(nullptr)));
    std::string key;
    for (std::size_t i = 0; i < len; ++i) key += chars[std::rand() % 16];
    return key;
}
