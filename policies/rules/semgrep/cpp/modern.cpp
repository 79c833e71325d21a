#include <iostream>
#include <iomanip>
#include <string>
#include <sqlite3.h>
#include <pqxx/pqxx>

void read_name() {
    char name[32];
    // ruleid: cpp.cin-char-array
    std::cin >> name;
    // ok: cpp.cin-char-array
    std::cin >> std::setw(sizeof name) >> name;
    std::string word;
    // ok: cpp.cin-char-array
    std::cin >> word;
}

int find_user(sqlite3 *db, const std::string &name) {
    std::string sql = "SELECT id FROM users WHERE name = '" + name + "'";
    // ruleid: cpp.sql-string-concat
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

pqxx::result orders(pqxx::work &txn, const std::string &customer) {
    // ruleid: cpp.sql-string-concat
    return txn.exec("SELECT * FROM orders WHERE customer = '" + customer + "'");
}

pqxx::result orders_safe(pqxx::work &txn, const std::string &customer) {
    // ok: cpp.sql-string-concat
    return txn.exec_params("SELECT * FROM orders WHERE customer = $1", customer);
}

int count_users(sqlite3 *db) {
    std::string sql = "SELECT count(*) FROM users";
    // ok: cpp.sql-string-concat
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}
