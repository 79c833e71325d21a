#include <cstring>
#include <cstdint>
#include <arpa/inet.h>

void parse(const uint8_t *pkt, uint8_t body[256]) {
    uint16_t raw;
    std::memcpy(&raw, pkt, 2);
    std::memcpy(body, pkt + 2, ntohs(raw));
}
