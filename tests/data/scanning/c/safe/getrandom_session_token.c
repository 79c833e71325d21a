#include <stddef.h>
#include <sys/random.h>

int generate_session_token(unsigned char *token, size_t len) {
    return getrandom(token, len, 0) == (ssize_t)len ? 0 : -1;
}
