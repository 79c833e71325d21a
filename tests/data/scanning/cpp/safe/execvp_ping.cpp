#include <string>
#include <unistd.h>
#include <sys/wait.h>

int ping(const std::string &host) {
    pid_t pid = fork();
    if (pid == 0) {
        execlp("ping", "ping", "-c", "1", host.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}
