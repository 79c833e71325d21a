#include <sqlite3.h>
#include <string>

bool login(sqlite3 *db, const std::string &user, const std::string &pass) {
    std::string sql = "SELECT 1 FROM users WHERE name='" + user + "' AND pass='" + pass + "'";
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}
