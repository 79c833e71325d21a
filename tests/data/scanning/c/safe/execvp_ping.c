#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int ping_host(const char *host) {
    pid_t pid = fork();
    if (pid == 0) {
        char *const argv[] = {"ping", "-c", "4", (char *)host, NULL};
        execvp("ping", argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return status;
}
