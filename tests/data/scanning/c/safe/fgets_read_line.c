#include <stdio.h>
#include <string.h>

int main(void) {
    char line[128];
    printf("Enter your name: ");
    if (!fgets(line, sizeof line, stdin)) return 1;
    line[strcspn(line, "\n")] = '\0';
    printf("Hello, %s!\n", line);
    return 0;
}
