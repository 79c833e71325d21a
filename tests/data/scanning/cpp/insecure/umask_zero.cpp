#include <sys/stat.h>
#include <fstream>

void init_shared_dir() {
    umask(0);
    mkdir("/var/run/myapp", 0777);
    std::ofstream("/var/run/myapp/pid") << 42;
}
