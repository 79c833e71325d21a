#include <stdlib.h>
#include <time.h>

void generate_session_token(char *token, size_t len) {
    const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    srand((unsigned)time(NULL));
    for (size_t i = 0; i < len - 1; i++)
        token[i] = alphabet[rand() % (sizeof(alphabet) - 1)];
    token[len - 1] = '\0';
}
