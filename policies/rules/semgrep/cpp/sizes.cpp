#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>

int *make_table(size_t count) {
    // ruleid: cpp.allocation-size-overflow
    int *table = (int *)malloc(count * sizeof(int));
    return table;
}

int *make_table_checked(size_t count) {
    if (count > SIZE_MAX / sizeof(int)) {
        return NULL;
    }
    // ok: cpp.allocation-size-overflow
    int *table = (int *)malloc(count * sizeof(int));
    return table;
}

char *fixed_buffer(void) {
    // ok: cpp.allocation-size-overflow
    char *buf = (char *)malloc(sizeof(char) * 64);
    // ok: cpp.allocation-size-overflow
    char *buf2 = (char *)malloc(BUF_SIZE * sizeof(char));
    return buf;
}

struct item *grow(struct item *items, int n, int w) {
    // ruleid: cpp.allocation-size-overflow
    return realloc(items, n * w);
}

void copy_name(char *dst, const char *src) {
    // ruleid: cpp.bounded-copy-size-from-source
    strncpy(dst, src, strlen(src));
    // ok: cpp.bounded-copy-size-from-source
    strncpy(dst, src, 31);
}

void append(const char *src) {
    char dst[32] = "name: ";
    // ruleid: cpp.bounded-copy-size-from-source
    strncat(dst, src, sizeof(dst));
    // ok: cpp.bounded-copy-size-from-source
    strncat(dst, src, sizeof(dst) - strlen(dst) - 1);
}

void read_line(int fd) {
    char line[64];
    // ruleid: cpp.literal-length-exceeds-buffer
    fgets(line, 128, stdin);
    // ok: cpp.literal-length-exceeds-buffer
    fgets(line, 64, stdin);
    // ok: cpp.literal-length-exceeds-buffer
    fgets(line, sizeof(line), stdin);
    char packet[16];
    // ruleid: cpp.literal-length-exceeds-buffer
    read(fd, packet, 256);
}

int *make_grid(std::size_t rows, std::size_t cols) {
    // ruleid: cpp.allocation-size-overflow
    return new int[rows * cols];
}

void copy_name(char *dest, const char *src) {
    // ruleid: cpp.sizeof-pointer-length
    strncpy(dest, src, sizeof(dest));
}

void clear_buffer(void) {
    char *buf = malloc(100);
    // ruleid: cpp.sizeof-pointer-length
    memset(buf, 0, sizeof(buf));
    char arr[100];
    // ok: cpp.sizeof-pointer-length
    memset(arr, 0, sizeof(arr));
}

void copy_name_sized(char *dest, size_t dest_len, const char *src) {
    // ok: cpp.sizeof-pointer-length
    snprintf(dest, dest_len, "%s", src);
}

void store_name(const std::string &input) {
    char buffer[64];
    // ruleid: cpp.memcpy-length-from-string
    memcpy(buffer, input.c_str(), input.length() + 1);
}

void store_name_checked(const std::string &input) {
    char buffer[64];
    if (input.size() >= sizeof(buffer)) {
        return;
    }
    // ok: cpp.memcpy-length-from-string
    memcpy(buffer, input.c_str(), input.size() + 1);
}

void store_name_vector(const std::string &input) {
    std::vector<char> buffer(input.size() + 1);
    // ok: cpp.memcpy-length-from-string
    memcpy(buffer.data(), input.c_str(), input.size() + 1);
}

void fill_scores(void) {
    int scores[10];
    // ruleid: cpp.off-by-one-array-loop
    for (int i = 0; i <= 10; i++) {
        scores[i] = 0;
    }
    // ok: cpp.off-by-one-array-loop
    for (int i = 0; i < 10; i++) {
        scores[i] = 0;
    }
}

void copy_chars(const char *src) {
    char buf[16];
    int i;
    // ruleid: cpp.off-by-one-array-loop
    for (i = 0; i <= sizeof(buf); i++) {
        buf[i] = src[i];
    }
}

int *alloc_known_small() {
    int count;
    count = 20;
    // ok: cpp.allocation-size-overflow
    return new int[count * 4];
}

int *alloc_stored_product(const char *text) {
    int count = atoi(text);
    size_t bytes = count * sizeof(int);
    // ruleid: cpp.allocation-size-overflow
    return (int *)new char[bytes];
}

int *alloc_stored_small() {
    int count = 20;
    size_t bytes = count * sizeof(int);
    // ok: cpp.allocation-size-overflow
    return (int *)new char[bytes];
}

void ncopy_filled_fits(void) {
    char buffer[100];
    char *data = buffer;
    memset(data, 'A', 50 - 1);
    data[50 - 1] = '\0';
    char dest[50] = "";
    // ok: cpp.bounded-copy-size-from-source
    strncpy(dest, data, strlen(data));
}

void ncopy_array_too_long(const char *name) {
    char small[10];
    char source[11] = "";
    strcat(source, name);
    // ruleid: cpp.bounded-copy-size-from-source
    strncpy(small, source, strlen(source));
}

void copy_through_pointer(const char *name) {
    char *data = new char[50];
    char source[100];
    memset(source, 'C', 100 - 1);
    source[100 - 1] = '\0';
    // ruleid: cpp.copy-length-exceeds-destination
    strncpy(data, source, 100 - 1);
    // ok: cpp.copy-length-exceeds-destination
    strncpy(data, source, 50 - 1);
    delete[] data;
}

void copy_elements() {
    int *data = new int[50];
    int source[100] = {0};
    // ruleid: cpp.copy-length-exceeds-destination
    memcpy(data, source, 100 * sizeof(int));
    // ruleid: cpp.copy-length-exceeds-destination
    for (size_t i = 0; i < 100; i++) {
        data[i] = source[i];
    }
    delete[] data;
}
