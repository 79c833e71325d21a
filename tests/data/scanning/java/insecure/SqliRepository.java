import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class ProductRepository {
    private final JdbcTemplate jdbcTemplate;

    public ProductRepository(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    public List<Product> findByCategory(String category, String sortColumn) {
        String sql = "SELECT * FROM products WHERE category = '" + category + "' ORDER BY " + sortColumn;
        return jdbcTemplate.query(sql, new ProductRowMapper());
    }
}
