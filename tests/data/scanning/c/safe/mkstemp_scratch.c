#include <stdio.h>
#include <stdlib.h>

FILE *open_scratch(void) {
    char name[] = "/tmp/scratchXXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) return NULL;
    return fdopen(fd, "w+");
}
