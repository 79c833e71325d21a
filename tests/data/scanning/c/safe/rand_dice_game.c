#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void) {
    srand((unsigned)time(NULL));
    int roll = rand() % 6 + 1;
    printf("You rolled a %d\n", roll);
    return 0;
}
