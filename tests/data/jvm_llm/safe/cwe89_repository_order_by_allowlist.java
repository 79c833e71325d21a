@Repository
public class ProductRepository {
    private static final Map<String, String> SORT_COLUMNS = Map.of("name", "name", "price", "price");
    private final JdbcTemplate jdbcTemplate;

    public ProductRepository(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    public List<Product> findByCategory(String category) {
        return jdbcTemplate.query("SELECT id, name, price FROM products WHERE category = ? ORDER BY name",
                new BeanPropertyRowMapper<>(Product.class), category);
    }
}
