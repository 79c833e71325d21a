#include <string.h>

#define MAX_MSG 64

int store_message(char dest[MAX_MSG], const char *msg) {
    size_t len = strlen(msg);
    if (len >= MAX_MSG) return -1;
    memcpy(dest, msg, len + 1);
    return 0;
}
