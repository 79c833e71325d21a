#include <stdlib.h>
#include <mysql/mysql.h>

MYSQL *db_connect(void) {
    MYSQL *conn = mysql_init(NULL);
    const char *password = getenv("DB_PASSWORD");
    if (!password) return NULL;
    return mysql_real_connect(conn, "db.internal", "app", password, "shop", 3306, NULL, 0);
}
