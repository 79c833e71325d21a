#include <cstdio>
#include <string>

std::string log_line(const std::string &user, const std::string &action) {
    char buf[128];
    std::sprintf(buf, "[audit] user=%s action=%s", user.c_str(), action.c_str());
    return buf;
}
