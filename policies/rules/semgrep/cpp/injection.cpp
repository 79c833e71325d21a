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
    // ruleid: cpp.command-injection
    return system(cmd);
}

void show_logs(const char *file) {
    char buf[512];
    // ruleid: cpp.command-injection
    FILE *p = popen(buf, "r");
    // ok: cpp.command-injection
    FILE *q = popen("uptime", "r");
    // ok: cpp.command-injection
    system(LIST_CMD);
    // ok: cpp.command-injection
    system("clear");
    // ruleid: cpp.command-injection
    execl("/bin/sh", "sh", "-c", file, (char *)NULL);
    // ok: cpp.command-injection
    execl("/usr/bin/tail", "tail", "-n", "20", file, (char *)NULL);
    pclose(p);
    pclose(q);
}

void cgi_download(void) {
    char *name = getenv("QUERY_STRING");
    char path[256];
    snprintf(path, sizeof path, "/srv/files/%s", name);
    // ruleid: cpp.path-traversal
    FILE *f = fopen(path, "r");
    fclose(f);
}

void cgi_download_safe(void) {
    char *name = getenv("QUERY_STRING");
    char path[256];
    snprintf(path, sizeof path, "/srv/files/%s", basename(name));
    // ok: cpp.path-traversal
    FILE *f = fopen(path, "r");
    fclose(f);
    // ok: cpp.path-traversal
    FILE *cfg = fopen(getenv("HOME"), "r");
    fclose(cfg);
}

void serve(int sock) {
    char req[256];
    recv(sock, req, sizeof req - 1, 0);
    // ruleid: cpp.path-traversal
    int fd = open(req, O_RDONLY);
    close(fd);
}

int find_user(sqlite3 *db, const char *name) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM users WHERE name = '%s'", name);
    // ruleid: cpp.sql-injection
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int delete_order(MYSQL *conn, int id) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM orders WHERE id = %d", id);
    // ok: cpp.sql-injection
    return mysql_query(conn, sql);
}

int find_user_safe(sqlite3 *db, const char *name) {
    sqlite3_stmt *stmt;
    // ok: cpp.sql-injection
    sqlite3_prepare_v2(db, "SELECT id FROM users WHERE name = ?", -1, &stmt, NULL);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    return sqlite3_step(stmt);
}

void ping(const std::string &host) {
    // ruleid: cpp.command-injection
    std::system(("ping -c 1 " + host).c_str());
    std::string cmd = "nslookup " + host;
    // ruleid: cpp.command-injection
    system(cmd.c_str());
}
