#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/socket.h>

#define LIST_CMD "ls -l /var/log"

int ping_host(const char *host) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
    // ruleid: c.command-injection
    return system(cmd);
}

void show_logs(const char *file) {
    char buf[512];
    // ruleid: c.command-injection
    FILE *p = popen(buf, "r");
    // ok: c.command-injection
    FILE *q = popen("uptime", "r");
    // ok: c.command-injection
    system(LIST_CMD);
    // ok: c.command-injection
    system("clear");
    // ruleid: c.command-injection
    execl("/bin/sh", "sh", "-c", file, (char *)NULL);
    // ok: c.command-injection
    execl("/usr/bin/tail", "tail", "-n", "20", file, (char *)NULL);
    pclose(p);
    pclose(q);
}

void cgi_download(void) {
    char *name = getenv("QUERY_STRING");
    char path[256];
    snprintf(path, sizeof path, "/srv/files/%s", name);
    // ruleid: c.path-traversal
    FILE *f = fopen(path, "r");
    fclose(f);
}

void cgi_download_safe(void) {
    char *name = getenv("QUERY_STRING");
    char path[256];
    snprintf(path, sizeof path, "/srv/files/%s", basename(name));
    // ok: c.path-traversal
    FILE *f = fopen(path, "r");
    fclose(f);
    // ok: c.path-traversal
    FILE *cfg = fopen(getenv("HOME"), "r");
    fclose(cfg);
}

void serve(int sock) {
    char req[256];
    recv(sock, req, sizeof req - 1, 0);
    // ruleid: c.path-traversal
    int fd = open(req, O_RDONLY);
    close(fd);
}

int find_user(sqlite3 *db, const char *name) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM users WHERE name = '%s'", name);
    // ruleid: c.sql-injection
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int delete_order(MYSQL *conn, int id) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM orders WHERE id = %d", id);
    // ok: c.sql-injection
    return mysql_query(conn, sql);
}

int find_user_safe(sqlite3 *db, const char *name) {
    sqlite3_stmt *stmt;
    // ok: c.sql-injection
    sqlite3_prepare_v2(db, "SELECT id FROM users WHERE name = ?", -1, &stmt, NULL);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    return sqlite3_step(stmt);
}
