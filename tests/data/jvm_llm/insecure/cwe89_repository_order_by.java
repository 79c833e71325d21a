@Repository
public class ProductRepository {
    private final JdbcTemplate jdbcTemplate;

    public ProductRepository(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    public List<Product> findAllSorted(String sortColumn) {
        String sql = "SELECT id, name, price FROM products ORDER BY " + sortColumn;
        return jdbcTemplate.query(sql, new BeanPropertyRowMapper<>(Product.class));
    }
}
