#include <stdio.h>

void log_request(FILE *log, const char *client_msg) {
    fprintf(log, client_msg);
    fputc('\n', log);
}
