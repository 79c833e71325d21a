StringBuilder sql = new StringBuilder("SELECT * FROM products WHERE 1=1");
if (category != null) {
    sql.append(" AND category = '").append(category).append("'");
}
ResultSet rs = conn.createStatement().executeQuery(sql.toString());
