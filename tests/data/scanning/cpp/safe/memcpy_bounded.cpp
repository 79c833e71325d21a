#include <cstring>
#include <cstdint>
#include <arpa/inet.h>

bool parse(const uint8_t *pkt, std::size_t pkt_len, uint8_t body[256]) {
    uint16_t raw;
    std::memcpy(&raw, pkt, sizeof raw);
    std::size_t len = ntohs(raw);
    if (len > 256 || len + 2 > pkt_len) return false;
    std::memcpy(body, pkt + 2, len);
    return true;
}
