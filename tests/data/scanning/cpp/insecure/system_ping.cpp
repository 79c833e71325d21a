#include <cstdlib>
#include <string>

int ping(const std::string &host) {
    std::string cmd = "ping -c 1 " + host;
    return std::system(cmd.c_str());
}
