#include <stdio.h>

struct user { char name[32]; int id; };

void set_user_name(struct user *u, const char *name) {
    snprintf(u->name, sizeof u->name, "%s", name);
}
