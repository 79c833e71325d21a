#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <sys/socket.h>

#define SYSTEM system
#define EXECLP execlp
#define COMMAND_INT "sh"
#define COMMAND_ARG1 "-c"

void ping_from_console() {
    std::string host;
    std::getline(std::cin, host);
    std::string cmd = "ping -c 1 " + host;
    // ruleid: cpp.command-injection-input
    std::system(host.c_str());
}

void run_buffer(int sock) {
    char data[100] = "ls ";
    size_t len = strlen(data);
    recv(sock, (char *)(data + len), sizeof data - len - 1, 0);
    // ruleid: cpp.command-injection-input
    SYSTEM(data);
    // ok: cpp.command-injection-input
    std::system("uptime");
}

void run_fixed() {
    char data[100] = "ls ";
    strcat(data, "*.*");
    // ok: cpp.command-injection-input
    SYSTEM(data);
}

void exec_after_input() {
    char data[100] = "";
    if (fgets(data, sizeof data, stdin) == nullptr) {
        return;
    }
    // ruleid: cpp.exec-after-input
    EXECLP(COMMAND_INT, COMMAND_INT, COMMAND_ARG1, data, nullptr);
}

void exec_without_input() {
    // ok: cpp.exec-after-input
    EXECLP(COMMAND_INT, COMMAND_INT, COMMAND_ARG1, "ls", nullptr);
}

void echo_stream() {
    char word[64];
    std::cin >> word;
    // ruleid: cpp.format-string-input
    printf(word);
    // ok: cpp.format-string-input
    printf("%s\n", word);
}

void echo_env() {
    const char *lang = std::getenv("LANG");
    // ruleid: cpp.format-string-input
    std::fprintf(stderr, lang);
}

void read_user_file() {
    std::string name;
    std::cin >> name;
    // ruleid: cpp.path-traversal-input-stream
    std::ifstream in(name);
    // ruleid: cpp.path-traversal-input
    FILE *f = fopen(name.c_str(), "r");
    fclose(f);
}

void read_socket_file(int sock) {
    char data[FILENAME_MAX] = "/var/data/";
    size_t len = strlen(data);
    recv(sock, (char *)(data + len), sizeof(char) * (FILENAME_MAX - len - 1), 0);
    std::ofstream out;
    // ruleid: cpp.path-traversal-input
    out.open((char *)data);
}

void read_base_name_only() {
    std::string name;
    std::getline(std::cin, name);
    std::string leaf = std::filesystem::path(name).filename().string();
    // ok: cpp.path-traversal-input
    std::ifstream in(leaf);
}

void read_checked(int sock) {
    char data[256] = "";
    recv(sock, data, sizeof data - 1, 0);
    if (strstr(data, "..") != NULL) {
        return;
    }
    // ok: cpp.path-traversal-input
    FILE *f = fopen(data, "r");
    fclose(f);
}

void read_fixed_file() {
    char data[FILENAME_MAX] = "/var/data/";
    strcat(data, "file.txt");
    std::ifstream in;
    // ok: cpp.path-traversal-input
    in.open((char *)data);
}

int main(int argc, char **argv) {
    // ruleid: cpp.path-traversal-input
    FILE *f = fopen(argv[1], "r");
    // ok: cpp.path-traversal-input
    std::ifstream cfg("/etc/app.conf");
    return 0;
}

void open_stream_from_console() {
    std::string name;
    std::cin >> name;
    // ruleid: cpp.path-traversal-input-stream
    std::ifstream in(name);
    // ok: cpp.path-traversal-input-stream
    std::ifstream cfg("/etc/app.conf");
}

void open_stream_from_line() {
    std::string name;
    std::getline(std::cin, name);
    if (name.find("..") != std::string::npos) {
        return;
    }
    // ok: cpp.path-traversal-input-stream
    std::ofstream out(name.c_str());
}

void open_stream_from_args(int argc, char **argv) {
    // ruleid: cpp.path-traversal-input-stream
    std::ifstream in(argv[1], std::ios::binary);
}

int *make_table() {
    int count = 0;
    std::cin >> count;
    // ruleid: cpp.allocation-size-from-input
    int *table = new int[count];
    return table;
}

int *make_table_checked() {
    int count = 0;
    std::cin >> count;
    if (count <= 0 || count > 1024) {
        return nullptr;
    }
    // ok: cpp.allocation-size-from-input
    return new int[count];
}
