#include <cstring>
#include <string>

struct Packet { char payload[64]; };

void fill(Packet &p, const std::string &data) {
    std::strcpy(p.payload, data.c_str());
}
