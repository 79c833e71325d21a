#include <stdio.h>
#include <sys/stat.h>

int save_config(const char *path, const char *data) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(data, f);
    fclose(f);
    return chmod(path, 0777);
}
