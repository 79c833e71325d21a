#include <stdio.h>
#include <sqlite3.h>

int delete_user(sqlite3 *db, const char *username) {
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM users WHERE name = '%s';", username);
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}
