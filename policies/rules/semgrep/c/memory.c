#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <syslog.h>
#include <alloca.h>

#define GREETING "hello %s\n"
#define SRC_STRING "0123456789"

void read_name(void) {
    char name[32];
    // ruleid: c.gets
    gets(name);
    // ok: c.gets
    fgets(name, sizeof name, stdin);
}

void copy_user(const char *input) {
    char dst[16];
    // ruleid: c.strcpy
    strcpy(dst, input);
    // ruleid: c.strcpy
    strcat(dst, input);
    // ok: c.strcpy
    strcpy(dst, "guest");
    // ok: c.strcpy
    strncpy(dst, input, sizeof dst - 1);
    // ok: c.strcpy
    snprintf(dst, sizeof dst, "%s", input);
}

void format_path(const char *user, int id, const char *fmt) {
    char path[64];
    // ruleid: c.sprintf
    sprintf(path, "/home/%s/data", user);
    // ruleid: c.sprintf
    sprintf(path, "%-10s", user);
    // ok: c.sprintf
    sprintf(path, "id-%d", id);
    // ok: c.sprintf
    snprintf(path, sizeof path, "/home/%s/data", user);
    // ruleid: c.sprintf, c.format-string
    sprintf(path, fmt, id);
    // a literal as the destination is a mistyped call (the format is the buffer), not an overflow
    // ok: c.sprintf, c.format-string
    sprintf("%s\n", fmt);
}

void read_words(FILE *in, const char *line) {
    char word[64];
    int n;
    // ruleid: c.scanf-unbounded-string
    scanf("%s", word);
    // ruleid: c.scanf-unbounded-string
    fscanf(in, "%d %s", &n, word);
    // ruleid: c.scanf-unbounded-string
    sscanf(line, "%[^,]", word);
    // ok: c.scanf-unbounded-string
    scanf("%63s", word);
    // ok: c.scanf-unbounded-string
    scanf("%d", &n);
}

void copy_packet(const char *src, const char *len_field) {
    char buf[128];
    // ruleid: c.memcpy-unchecked-length
    memcpy(buf, src, strlen(src));
    // ruleid: c.memcpy-unchecked-length
    memcpy(buf, src, atoi(len_field));
    // ok: c.memcpy-unchecked-length
    memcpy(buf, src, sizeof buf);
    size_t n = strlen(src);
    if (strlen(src) < sizeof(buf)) {
        // ok: c.memcpy-unchecked-length
        memcpy(buf, src, strlen(src) + 1);
    }
}

void log_message(const char *msg, FILE *out) {
    // ruleid: c.format-string
    printf(msg);
    // ruleid: c.format-string
    fprintf(out, msg);
    // ruleid: c.format-string
    syslog(LOG_INFO, msg);
    // ok: c.format-string
    printf("%s", msg);
    // ok: c.format-string
    fprintf(out, "%s\n", msg);
    // ok: c.format-string
    printf(GREETING, msg);
}

void scratch(size_t n) {
    // ruleid: c.alloca
    char *tmp = alloca(n);
    // ok: c.alloca
    char *fixed = alloca(256);
    tmp[0] = fixed[0];
}

struct node { char *name; struct node *next; };

void release(struct node *n) {
    free(n);
    // ruleid: c.use-after-free
    printf("%s\n", n->name);
}

void release_safely(struct node *n) {
    free(n);
    n = NULL;
    // ok: c.use-after-free
    if (n) printf("%s\n", n->name);
}

void reuse(char *buf, size_t len) {
    free(buf);
    buf = malloc(len);
    // ok: c.use-after-free
    buf[0] = '\0';
}

void twice(char *buf) {
    free(buf);
    // ruleid: c.double-free
    free(buf);
}

void once(char *buf) {
    // ok: c.double-free
    free(buf);
    buf = NULL;
    free(buf);
}

void log_message(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    // ok: c.format-string
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

int copy_args(int argc, char **argv) {
    char path[64];
    // ruleid: c.strcpy
    strcpy(path, argv[1]);
    return 0;
}

void copy_sized_buffers(void) {
    char small[50];
    char large[100];
    char *data = small;
    char source[100];
    memset(source, 'C', 100 - 1);
    source[100 - 1] = '\0';
    // the source's buffer (100) is larger than the destination's (50)
    // ruleid: c.strcpy
    strcpy(data, source);
    data = large;
    char fits[40] = "";
    // ok: c.strcpy
    strcat(large, fits);
}

void copy_into_alloca(void) {
    // ok: c.alloca
    char *dest = (char *)alloca(10 * sizeof(char));
    char source[10 + 1] = SRC_STRING;
    // ruleid: c.strcpy
    strcpy(dest, source);
}

void copy_short_fill(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    // the string filled in is 49 characters, dest holds 50
    // ok: c.strcpy
    strcpy(dest, data);
}

char *duplicate(const char *text) {
    char *copy = malloc(strlen(text) + 1);
    if (copy == NULL) {
        return NULL;
    }
    // ok: c.strcpy
    strcpy(copy, text);
    size_t len = strlen(text);
    char *again = (char *)calloc(len + 1, 1);
    // ok: c.strcpy
    strcpy(again, text);
    return copy;
}

void log_user(const char *user_text, va_list ap) {
    // ruleid: c.format-string
    vprintf(user_text, ap);
    // ok: c.format-string
    vprintf("%s\n", ap);
}

#define GREETING "hello"
void greet(char *dst, const char *name) {
    // ok: c.strcpy
    strcpy(dst, GREETING);
    // ruleid: c.strcpy
    strcpy(dst, name);
}

char *format_name(const char *first) {
    char result[64];
    snprintf(result, sizeof(result), "Name: %s", first);
    // ruleid: c.return-stack-address
    return result;
}

char *format_name_static(const char *first) {
    static char result[64];
    snprintf(result, sizeof(result), "Name: %s", first);
    // ok: c.return-stack-address
    return result;
}

char *format_name_heap(const char *first) {
    char *result = malloc(64);
    snprintf(result, 64, "Name: %s", first);
    // ok: c.return-stack-address
    return result;
}

void copy_filled_fits(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    // the string memset into data is 49 characters: it fits dest
    // ok: c.memcpy-unchecked-length
    memcpy(dest, data, strlen(data) + 1);
}

void copy_filled_too_long(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 100 - 1);
    data[100 - 1] = '\0';
    char dest[50] = "";
    // ruleid: c.memcpy-unchecked-length
    memcpy(dest, data, strlen(data) + 1);
}
