#include <string.h>

#define MAX_MSG 64

void store_message(char dest[MAX_MSG], const char *msg) {
    memcpy(dest, msg, strlen(msg) + 1);
}
