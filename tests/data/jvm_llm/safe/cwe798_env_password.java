public Connection getConnection() throws SQLException {
    String url = System.getenv("DB_URL");
    String password = System.getenv("DB_PASSWORD");
    return DriverManager.getConnection(url, System.getenv("DB_USER"), password);
}
