#include <cstdio>
#include <string>

void show(const std::string &message) {
    std::printf("%s\n", message.c_str());
}
