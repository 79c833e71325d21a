#include <cstdlib>
#include <fstream>
#include <string>

std::string save_upload(const std::string &data) {
    char name[] = "/tmp/uploadXXXXXX";
    mktemp(name);
    std::ofstream(name) << data;
    return name;
}
