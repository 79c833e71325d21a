#include <string.h>

void build_path(char *out, const char *dir, const char *file) {
    out[0] = '\0';
    strcat(out, dir);
    strcat(out, "/");
    strcat(out, file);
}
