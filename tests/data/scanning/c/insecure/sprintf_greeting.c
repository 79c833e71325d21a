#include <stdio.h>

void greet(const char *user) {
    char msg[64];
    sprintf(msg, "Welcome back, %s! You have new messages.", user);
    puts(msg);
}
