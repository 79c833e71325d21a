#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <syslog.h>
#include <alloca.h>

#define GREETING "hello %s\n"

void read_name(void) {
    char name[32];
    // ruleid: cpp.gets
    gets(name);
    // ok: cpp.gets
    fgets(name, sizeof name, stdin);
}

void copy_user(const char *input) {
    char dst[16];
    // ruleid: cpp.strcpy
    strcpy(dst, input);
    // ruleid: cpp.strcpy
    strcat(dst, input);
    // ok: cpp.strcpy
    strcpy(dst, "guest");
    // ok: cpp.strcpy
    strncpy(dst, input, sizeof dst - 1);
    // ok: cpp.strcpy
    snprintf(dst, sizeof dst, "%s", input);
}

int copy_args(int argc, char **argv) {
    char path[64];
    // ruleid: cpp.strcpy
    std::strcpy(path, argv[1]);
    return 0;
}

void copy_into_new(void) {
    char *data = new char[50];
    char source[100];
    memset(source, 'C', 100 - 1);
    source[100 - 1] = '\0';
    // the source's buffer (100) is larger than the destination's (50)
    // ruleid: cpp.strcpy
    strcpy(data, source);
    delete[] data;
}

void copy_into_large_new(void) {
    char *data = new char[100];
    char source[100];
    memset(source, 'C', 100 - 1);
    source[100 - 1] = '\0';
    // ok: cpp.strcpy
    strcpy(data, source);
    delete[] data;
}

char *duplicate(const char *text) {
    char *copy = new char[strlen(text) + 1];
    // ok: cpp.strcpy
    std::strcpy(copy, text);
    return copy;
}

void format_path(const char *user, int id, const char *fmt) {
    char path[64];
    // ruleid: cpp.sprintf
    sprintf(path, "/home/%s/data", user);
    // ruleid: cpp.sprintf
    sprintf(path, "%-10s", user);
    // ok: cpp.sprintf
    sprintf(path, "id-%d", id);
    // ok: cpp.sprintf
    snprintf(path, sizeof path, "/home/%s/data", user);
    // ruleid: cpp.sprintf, cpp.format-string
    sprintf(path, fmt, id);
}

void read_words(FILE *in, const char *line) {
    char word[64];
    int n;
    // ruleid: cpp.scanf-unbounded-string
    scanf("%s", word);
    // ruleid: cpp.scanf-unbounded-string
    fscanf(in, "%d %s", &n, word);
    // ruleid: cpp.scanf-unbounded-string
    sscanf(line, "%[^,]", word);
    // ok: cpp.scanf-unbounded-string
    scanf("%63s", word);
    // ok: cpp.scanf-unbounded-string
    scanf("%d", &n);
}

void copy_packet(const char *src, const char *len_field) {
    char buf[128];
    // ruleid: cpp.memcpy-unchecked-length
    memcpy(buf, src, strlen(src));
    // ruleid: cpp.memcpy-unchecked-length
    memcpy(buf, src, atoi(len_field));
    // ok: cpp.memcpy-unchecked-length
    memcpy(buf, src, sizeof buf);
    size_t n = strlen(src);
    if (strlen(src) < sizeof(buf)) {
        // ok: cpp.memcpy-unchecked-length
        memcpy(buf, src, strlen(src) + 1);
    }
}

void log_message(const char *msg, FILE *out) {
    // ruleid: cpp.format-string
    printf(msg);
    // ruleid: cpp.format-string
    fprintf(out, msg);
    // ruleid: cpp.format-string
    syslog(LOG_INFO, msg);
    // ok: cpp.format-string
    printf("%s", msg);
    // ok: cpp.format-string
    fprintf(out, "%s\n", msg);
    // ok: cpp.format-string
    printf(GREETING, msg);
}

void scratch(size_t n) {
    // ruleid: cpp.alloca
    char *tmp = alloca(n);
    // ok: cpp.alloca
    char *fixed = alloca(256);
    tmp[0] = fixed[0];
}

void cpp_copies(const std::string &input) {
    char dst[16];
    // ruleid: cpp.strcpy
    std::strcpy(dst, input.c_str());
    // ok: cpp.strcpy
    std::snprintf(dst, sizeof dst, "%s", input.c_str());
    // ruleid: cpp.format-string
    std::printf(input.c_str());
}

void log_message(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    // ok: cpp.format-string
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void log_user(const char *user_text, va_list ap) {
    // ruleid: cpp.format-string
    vprintf(user_text, ap);
    // ok: cpp.format-string
    vprintf("%s\n", ap);
}

#define GREETING "hello"
void greet(char *dst, const char *name) {
    // ok: cpp.strcpy
    strcpy(dst, GREETING);
    // ruleid: cpp.strcpy
    strcpy(dst, name);
}

void copy_filled_fits(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    // the string memset into data is 49 characters: it fits dest
    // ok: cpp.memcpy-unchecked-length
    memcpy(dest, data, strlen(data) + 1);
}

void copy_filled_too_long(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 100 - 1);
    data[100 - 1] = '\0';
    char dest[50] = "";
    // ruleid: cpp.memcpy-unchecked-length
    memcpy(dest, data, strlen(data) + 1);
}

struct Account {
    char name[32];
    void rename(const char *input) {
        // a member array's size is not known where the copy is: the copy is unbounded
        // ruleid: cpp.strcpy
        strcpy(this->name, input);
    }
};

void set_member(Account &account, const std::string &input) {
    // ruleid: cpp.strcpy
    std::strcpy(account.name, input.c_str());
}
