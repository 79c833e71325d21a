#include <stdio.h>

int main(void) {
    char line[128];
    printf("Enter your name: ");
    gets(line);
    printf("Hello, %s!\n", line);
    return 0;
}
