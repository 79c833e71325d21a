#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>

int *make_table(size_t count) {
    // ruleid: c.allocation-size-overflow
    int *table = (int *)malloc(count * sizeof(int));
    return table;
}

int *make_table_checked(size_t count) {
    if (count > SIZE_MAX / sizeof(int)) {
        return NULL;
    }
    // ok: c.allocation-size-overflow
    int *table = (int *)malloc(count * sizeof(int));
    return table;
}

char *fixed_buffer(void) {
    // ok: c.allocation-size-overflow
    char *buf = (char *)malloc(sizeof(char) * 64);
    // ok: c.allocation-size-overflow
    char *buf2 = (char *)malloc(BUF_SIZE * sizeof(char));
    return buf;
}

struct item *grow(struct item *items, int n, int w) {
    // ruleid: c.allocation-size-overflow
    return realloc(items, n * w);
}

void copy_name(char *dst, const char *src) {
    // ruleid: c.bounded-copy-size-from-source
    strncpy(dst, src, strlen(src));
    // ok: c.bounded-copy-size-from-source
    strncpy(dst, src, 31);
}

void append(const char *src) {
    char dst[32] = "name: ";
    // ruleid: c.bounded-copy-size-from-source
    strncat(dst, src, sizeof(dst));
    // ok: c.bounded-copy-size-from-source
    strncat(dst, src, sizeof(dst) - strlen(dst) - 1);
}

void read_line(int fd) {
    char line[64];
    // ruleid: c.literal-length-exceeds-buffer
    fgets(line, 128, stdin);
    // ok: c.literal-length-exceeds-buffer
    fgets(line, 64, stdin);
    // ok: c.literal-length-exceeds-buffer
    fgets(line, sizeof(line), stdin);
    char packet[16];
    // ruleid: c.literal-length-exceeds-buffer
    read(fd, packet, 256);
}

void copy_name(char *dest, const char *src) {
    // ruleid: c.sizeof-pointer-length
    strncpy(dest, src, sizeof(dest));
}

void clear_buffer(void) {
    char *buf = malloc(100);
    // ruleid: c.sizeof-pointer-length
    memset(buf, 0, sizeof(buf));
    char arr[100];
    // ok: c.sizeof-pointer-length
    memset(arr, 0, sizeof(arr));
}

void copy_name_sized(char *dest, size_t dest_len, const char *src) {
    // ok: c.sizeof-pointer-length
    snprintf(dest, dest_len, "%s", src);
}

void fill_scores(void) {
    int scores[10];
    // ruleid: c.off-by-one-array-loop
    for (int i = 0; i <= 10; i++) {
        scores[i] = 0;
    }
    // ok: c.off-by-one-array-loop
    for (int i = 0; i < 10; i++) {
        scores[i] = 0;
    }
}

void copy_chars(const char *src) {
    char buf[16];
    int i;
    // ruleid: c.off-by-one-array-loop
    for (i = 0; i <= sizeof(buf); i++) {
        buf[i] = src[i];
    }
}

int *alloc_known_small(void) {
    int count;
    count = 20;
    // constant propagation knows count is 20: the product cannot wrap
    // ok: c.allocation-size-overflow
    return (int *)malloc(count * sizeof(int));
}

int *alloc_stored_product(const char *text) {
    int count = atoi(text);
    size_t bytes = count * sizeof(int);
    // ruleid: c.allocation-size-overflow
    return (int *)malloc(bytes);
}

int *alloc_scanned(void) {
    int count = -1;
    fscanf(stdin, "%d", &count);
    // ruleid: c.allocation-size-overflow
    return (int *)malloc(count * sizeof(int));
}

void ncopy_filled_fits(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    // ok: c.bounded-copy-size-from-source
    strncpy(dest, data, strlen(data));
}

void ncopy_array_too_long(const char *name) {
    char small[10];
    char source[11] = "";
    strcat(source, name);
    // ruleid: c.bounded-copy-size-from-source
    strncpy(small, source, strlen(source));
}

void copy_through_pointer(const char *name) {
    char small[50];
    char large[100];
    char *data = small;
    char source[100];
    memset(source, 'C', 100 - 1);
    source[100 - 1] = '\0';
    // ruleid: c.copy-length-exceeds-destination
    strncpy(data, source, 100 - 1);
    // ruleid: c.copy-length-exceeds-destination
    snprintf(data, 100, "%s", source);
    data = large;
    // ok: c.copy-length-exceeds-destination
    strncpy(large, source, 100 - 1);
}

void copy_elements(void) {
    int *data = (int *)alloca(50 * sizeof(int));
    int source[100] = {0};
    // ruleid: c.copy-length-exceeds-destination
    memcpy(data, source, 100 * sizeof(int));
    // ok: c.copy-length-exceeds-destination
    memcpy(data, source, 50 * sizeof(int));
    size_t i;
    // ruleid: c.copy-length-exceeds-destination
    for (i = 0; i < 100; i++) {
        data[i] = source[i];
    }
    // ok: c.copy-length-exceeds-destination
    for (i = 0; i < 50; i++) {
        data[i] = source[i];
    }
}

void wide_copy_by_source_length(const wchar_t *name) {
    wchar_t dest[50] = L"";
    wchar_t data[100] = L"";
    wcscat(data, name);
    size_t dataLen = wcslen(data);
    // ruleid: c.bounded-copy-size-from-source
    wcsncpy(dest, data, wcslen(data));
    size_t i;
    // ruleid: c.bounded-copy-size-from-source
    for (i = 0; i < dataLen; i++) {
        dest[i] = data[i];
    }
}

void copy_loop_filled_fits(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    size_t i, dataLen;
    dataLen = strlen(data);
    // ok: c.bounded-copy-size-from-source
    for (i = 0; i < dataLen; i++) {
        dest[i] = data[i];
    }
}
