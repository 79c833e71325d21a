public User findUser(Connection conn, String username) throws SQLException {
    Statement stmt = conn.createStatement();
    String query = "SELECT * FROM users WHERE username = '" + username + "'";
    ResultSet rs = stmt.executeQuery(query);
    if (rs.next()) {
        return new User(rs.getString("username"), rs.getString("email"));
    }
    return null;
}
