public Connection getConnection() throws SQLException {
    String url = "jdbc:mysql://localhost:3306/shop";
    String user = "admin";
    String password = "Sup3rS3cret!";
    return DriverManager.getConnection(url, user, password);
}
