#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <mysql/mysql.h>

void setup(const char *path) {
    // ruleid: cpp.world-writable-permissions
    chmod(path, 0777);
    // ruleid: cpp.world-writable-permissions
    int fd = open(path, O_CREAT | O_WRONLY, 0666);
    // ruleid: cpp.world-writable-permissions
    umask(0);
    // ok: cpp.world-writable-permissions
    chmod(path, 0644);
    // ok: cpp.world-writable-permissions
    mkdir("/var/lib/app", 0750);
    // ok: cpp.world-writable-permissions
    umask(022);
}

void scratch(void) {
    char name[L_tmpnam];
    // ruleid: cpp.insecure-tempfile
    tmpnam(name);
    char tmpl[] = "/tmp/appXXXXXX";
    // ruleid: cpp.insecure-tempfile
    mktemp(tmpl);
    char tmpl2[] = "/tmp/appXXXXXX";
    // ok: cpp.insecure-tempfile
    int fd = mkstemp(tmpl2);
}

// ruleid: cpp.hardcoded-credentials
static const char *db_password = "S3cr3t!2024";
// ruleid: cpp.hardcoded-credentials
const char API_KEY[] = "ak_live_9f8e7d6c5b4a";
// ok: cpp.hardcoded-credentials
static const char *db_user = "admin";
// ok: cpp.hardcoded-credentials
static const char *password_prompt = "Enter password: ";

void connect_db(MYSQL *conn) {
    // ruleid: cpp.hardcoded-credentials
    mysql_real_connect(conn, "localhost", "app", "hunter22", "shop", 0, NULL, 0);
    // ok: cpp.hardcoded-credentials
    mysql_real_connect(conn, "localhost", "app", getenv("DB_PASSWORD"), "shop", 0, NULL, 0);
}

// ruleid: cpp.hardcoded-credentials
const std::string kDbPassword = "Pr0duction!";
// ok: cpp.hardcoded-credentials
const std::string kDbHost = "db.internal";

int append_log(const char *path, const char *line) {
    if (access(path, W_OK) == 0) {
        // ruleid: cpp.toctou-access-then-open
        FILE *f = fopen(path, "a");
        fputs(line, f);
        fclose(f);
        return 0;
    }
    return -1;
}

int append_log_fd(const char *path, const char *line) {
    // ok: cpp.toctou-access-then-open
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    return fd;
}

void drop_privileges(uid_t uid, gid_t gid) {
    // ruleid: cpp.unchecked-setuid
    setgid(gid);
    // ruleid: cpp.unchecked-setuid
    setuid(uid);
}

int drop_privileges_checked(uid_t uid, gid_t gid) {
    // ok: cpp.unchecked-setuid
    if (setgid(gid) != 0) {
        return -1;
    }
    // ok: cpp.unchecked-setuid
    int rc = setuid(uid);
    return rc;
}
