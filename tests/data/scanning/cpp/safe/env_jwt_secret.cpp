#include <cstdlib>
#include <stdexcept>
#include <string>

std::string jwt_secret() {
    const char *s = std::getenv("JWT_SECRET");
    if (!s) throw std::runtime_error("JWT_SECRET not set");
    return s;
}
