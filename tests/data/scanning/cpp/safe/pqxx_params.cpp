#include <pqxx/pqxx>
#include <string>

pqxx::result find_orders(pqxx::connection &c, const std::string &email) {
    pqxx::work txn(c);
    auto r = txn.exec_params("SELECT * FROM orders WHERE email = $1", email);
    txn.commit();
    return r;
}
