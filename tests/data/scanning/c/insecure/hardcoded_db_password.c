#include <mysql/mysql.h>

MYSQL *db_connect(void) {
    MYSQL *conn = mysql_init(NULL);
    return mysql_real_connect(conn, "db.internal", "app", "Sup3rS3cret!", "shop", 3306, NULL, 0);
}
