#include <cstdio>
#include <string>

bool convert(const std::string &input, const std::string &output) {
    std::string cmd = "convert " + input + " " + output;
    FILE *p = popen(cmd.c_str(), "r");
    return p && pclose(p) == 0;
}
