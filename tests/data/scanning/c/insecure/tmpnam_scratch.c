#include <stdio.h>

FILE *open_scratch(void) {
    char name[L_tmpnam];
    tmpnam(name);
    return fopen(name, "w+");
}
