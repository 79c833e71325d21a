#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <sys/socket.h>

#define SYSTEM system
#define EXECL execl
#define SNPRINTF snprintf
#define COMMAND_INT_PATH "/bin/sh"
#define COMMAND_ARG1 "-c"

void run_console_command(void) {
    char cmd[256];
    if (fgets(cmd, sizeof cmd, stdin) == NULL) {
        return;
    }
    cmd[strcspn(cmd, "\n")] = '\0';
    // ruleid: c.command-injection-input
    system(cmd);
}

void run_appended(void) {
    char data[100] = "ls ";
    size_t len = strlen(data);
    if (fgets(data + len, (int)(100 - len), stdin) != NULL) {
        // ruleid: c.command-injection-input
        if (SYSTEM(data) != 0) {
            exit(1);
        }
    }
}

void run_from_socket(int sock) {
    char data[100] = "";
    recv(sock, (char *)(data + 0), sizeof data - 1, 0);
    // ruleid: c.command-injection-input
    FILE *p = popen(data, "r");
    pclose(p);
}

void run_from_env(void) {
    char data[100] = "ls ";
    char *extra = getenv("EXTRA_ARGS");
    if (extra != NULL) {
        strncat(data, extra, sizeof data - strlen(data) - 1);
    }
    // ruleid: c.command-injection-input
    system(data);
}

int main(int argc, char **argv) {
    // ruleid: c.command-injection-input
    system(argv[1]);
    // ruleid: c.command-injection-input
    execl("/bin/sh", "sh", "-c", argv[2], (char *)NULL);
    // ok: c.command-injection-input
    system("uptime");
    return 0;
}

void run_fixed(void) {
    char data[100] = "ls ";
    // the appended part is a literal, not input
    strcat(data, "*.*");
    // ok: c.command-injection-input
    system(data);
}

void exec_macro_after_input(void) {
    char data[100] = "";
    fgets(data, sizeof data, stdin);
    // ruleid: c.exec-after-input
    EXECL(COMMAND_INT_PATH, COMMAND_INT_PATH, COMMAND_ARG1, data, NULL);
}

void exec_argv_array_after_input(int sock) {
    char name[64];
    char *args[] = {"/usr/bin/finger", name, NULL};
    if (recv(sock, name, sizeof name - 1, 0) <= 0) {
        return;
    }
    // ruleid: c.exec-after-input
    execv("/usr/bin/finger", args);
}

void exec_without_input(void) {
    char *args[] = {"/bin/ls", "-l", NULL};
    // ok: c.exec-after-input
    EXECL(COMMAND_INT_PATH, COMMAND_INT_PATH, COMMAND_ARG1, "ls", NULL);
    // ok: c.exec-after-input
    execv("/bin/ls", args);
}

void exec_literals_after_input(void) {
    char line[64];
    fgets(line, sizeof line, stdin);
    // ok: c.exec-after-input
    execlp("ls", "ls", "-l", (char *)NULL);
}

void echo_console(void) {
    char data[100] = "";
    if (fgets(data, sizeof data, stdin) != NULL) {
        // ruleid: c.format-string-input
        printf(data);
        // ok: c.format-string-input
        printf("%s\n", data);
    }
}

void echo_wide(void) {
    wchar_t data[100] = L"";
    size_t len = wcslen(data);
    if (fgetws(data + len, (int)(100 - len), stdin) != NULL) {
        // ruleid: c.format-string-input
        wprintf(data);
        // ruleid: c.format-string-input
        fwprintf(stdout, data);
    }
}

void log_request(int sock) {
    char msg[512];
    char out[512];
    ssize_t n = recv(sock, msg, sizeof msg - 1, 0);
    if (n <= 0) {
        return;
    }
    msg[n] = '\0';
    // ruleid: c.format-string-input
    fprintf(stderr, msg);
    // ruleid: c.format-string-input
    SNPRINTF(out, sizeof out, msg);
    // ok: c.format-string-input
    snprintf(out, sizeof out, "%s", msg);
}

void greet_env(void) {
    char *user = getenv("USER");
    // ruleid: c.format-string-input
    printf(user);
}

void print_constant(void) {
    char data[100] = "";
    strcpy(data, "fixedstringtest");
    // ok: c.format-string-input
    printf(data);
}

void set_slot_from_console(void) {
    char line[32];
    int slots[10] = {0};
    if (fgets(line, sizeof line, stdin) == NULL) {
        return;
    }
    line[strcspn(line, "\n")] = '\0';
    int index = atoi(line);
    if (index >= 0) {
        // a negative check alone does not stop index 10 or more
        // ruleid: c.array-index-from-input
        slots[index] = 1;
    }
    if (index >= 0 && index < 10) {
        // ok: c.array-index-from-input
        slots[index] = 1;
    }
}

int read_scanned_index(int *table) {
    int i = -1;
    scanf("%d", &i);
    // ruleid: c.array-index-from-input
    return table[i];
}

int read_checked_index(int *table, size_t count) {
    int i = -1;
    scanf("%d", &i);
    if (i < 0 || (size_t)i >= count) {
        return -1;
    }
    // ok: c.array-index-from-input
    return table[i];
}

int main_index(int argc, char **argv) {
    int values[4] = {1, 2, 3, 4};
    // ruleid: c.array-index-from-input
    return values[atoi(argv[1])];
}

void strip_newline(void) {
    char name[64];
    fgets(name, sizeof name, stdin);
    size_t len = strlen(name);
    // ok: c.array-index-from-input
    name[len - 1] = '\0';
}

char *read_sized_record(int sock) {
    char header[16];
    ssize_t got = recv(sock, header, sizeof header - 1, 0);
    long size = strtol(header, NULL, 10);
    // ruleid: c.allocation-size-from-input
    char *record = malloc(size);
    return record;
}

char *read_sized_record_checked(int sock) {
    char header[16];
    ssize_t got = recv(sock, header, sizeof header - 1, 0);
    long size = strtol(header, NULL, 10);
    if (size <= 0 || size > 65536) {
        return NULL;
    }
    // ok: c.allocation-size-from-input
    return malloc(size);
}

char *read_sized_line(void) {
    char line[16];
    fgets(line, sizeof line, stdin);
    // ruleid: c.allocation-size-from-input
    return malloc(atoi(line));
}
