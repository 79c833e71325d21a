#include <cstdio>
#include <string>

void show(const std::string &message) {
    std::printf(message.c_str());
}
