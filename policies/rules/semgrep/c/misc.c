#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <mysql/mysql.h>

void setup(const char *path) {
    // ruleid: c.world-writable-permissions
    chmod(path, 0777);
    // ruleid: c.world-writable-permissions
    int fd = open(path, O_CREAT | O_WRONLY, 0666);
    // ruleid: c.world-writable-permissions
    umask(0);
    // ok: c.world-writable-permissions
    chmod(path, 0644);
    // ok: c.world-writable-permissions
    mkdir("/var/lib/app", 0750);
    // ok: c.world-writable-permissions
    umask(022);
}

void scratch(void) {
    char name[L_tmpnam];
    // ruleid: c.insecure-tempfile
    tmpnam(name);
    char tmpl[] = "/tmp/appXXXXXX";
    // ruleid: c.insecure-tempfile
    mktemp(tmpl);
    char tmpl2[] = "/tmp/appXXXXXX";
    // ok: c.insecure-tempfile
    int fd = mkstemp(tmpl2);
}

// ruleid: c.hardcoded-credentials
static const char *db_password = "S3cr3t!2024";
// ruleid: c.hardcoded-credentials
const char API_KEY[] = "ak_live_9f8e7d6c5b4a";
// ok: c.hardcoded-credentials
static const char *db_user = "admin";
// ok: c.hardcoded-credentials
static const char *password_prompt = "Enter password: ";

void connect_db(MYSQL *conn) {
    // ruleid: c.hardcoded-credentials
    mysql_real_connect(conn, "localhost", "app", "hunter22", "shop", 0, NULL, 0);
    // ok: c.hardcoded-credentials
    mysql_real_connect(conn, "localhost", "app", getenv("DB_PASSWORD"), "shop", 0, NULL, 0);
}

int append_log(const char *path, const char *line) {
    if (access(path, W_OK) == 0) {
        // ruleid: c.toctou-access-then-open
        FILE *f = fopen(path, "a");
        fputs(line, f);
        fclose(f);
        return 0;
    }
    return -1;
}

int append_log_fd(const char *path, const char *line) {
    // ok: c.toctou-access-then-open
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    return fd;
}
