public User findUser(Connection conn, String username) throws SQLException {
    PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE username = ?");
    ps.setString(1, username);
    ResultSet rs = ps.executeQuery();
    return rs.next() ? new User(rs.getString("username")) : null;
}
