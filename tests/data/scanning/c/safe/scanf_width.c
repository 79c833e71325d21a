#include <stdio.h>

int main(void) {
    char username[32];
    int age;
    if (scanf("%31s %d", username, &age) != 2) return 1;
    printf("%s is %d\n", username, age);
    return 0;
}
