public void deleteUser(Connection connection, String id) throws SQLException {
    PreparedStatement ps = connection.prepareStatement("DELETE FROM users WHERE id = " + id);
    ps.executeUpdate();
}
