#include <string>

namespace config {
const std::string jwt_secret = "my-super-secret-signing-key";
const int token_ttl_seconds = 3600;
}
