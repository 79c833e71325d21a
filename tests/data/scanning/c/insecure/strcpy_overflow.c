#include <string.h>

struct user { char name[32]; int id; };

void set_user_name(struct user *u, const char *name) {
    strcpy(u->name, name);
}
