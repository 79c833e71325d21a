#include <cstdlib>
#include <string>
#include <unistd.h>

std::string save_upload(const std::string &data) {
    char name[] = "/tmp/uploadXXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) return {};
    write(fd, data.data(), data.size());
    close(fd);
    return name;
}
