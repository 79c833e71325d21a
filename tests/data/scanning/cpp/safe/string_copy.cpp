#include <string>

struct Packet { std::string payload; };

void fill(Packet &p, const std::string &data) {
    p.payload = data.substr(0, 64);
}
