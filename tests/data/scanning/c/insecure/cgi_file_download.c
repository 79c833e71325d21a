#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *file = getenv("QUERY_STRING");
    char path[512];
    char buf[4096];
    size_t n;
    snprintf(path, sizeof path, "/var/www/files/%s", file);
    FILE *f = fopen(path, "rb");
    printf("Content-Type: application/octet-stream\r\n\r\n");
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
    return 0;
}
