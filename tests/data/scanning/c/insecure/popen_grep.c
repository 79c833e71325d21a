#include <stdio.h>

void search_logs(const char *pattern) {
    char cmd[512], line[256];
    snprintf(cmd, sizeof cmd, "grep '%s' /var/log/app.log", pattern);
    FILE *p = popen(cmd, "r");
    while (fgets(line, sizeof line, p)) fputs(line, stdout);
    pclose(p);
}
