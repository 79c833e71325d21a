public List<Map<String, Object>> findByStatus(String status) {
    String sql = "SELECT * FROM orders WHERE status = '" + status + "'";
    return jdbcTemplate.queryForList(sql);
}
