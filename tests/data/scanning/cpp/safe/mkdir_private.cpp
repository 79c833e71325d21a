#include <sys/stat.h>
#include <fstream>

void init_state_dir() {
    mkdir("/var/lib/myapp", 0700);
    std::ofstream("/var/lib/myapp/state") << 1;
}
