public List<Map<String, Object>> findByStatus(String status) {
    return jdbcTemplate.queryForList("SELECT * FROM orders WHERE status = ?", status);
}
