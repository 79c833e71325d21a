#include <stdio.h>

int main(void) {
    char username[32];
    char password[32];
    printf("username: ");
    scanf("%s", username);
    printf("password: ");
    scanf("%s", password);
    return 0;
}
