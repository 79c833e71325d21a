import java.sql.*;
import java.util.*;
import javax.jdo.PersistenceManager;
import javax.jdo.Query;
import javax.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.criterion.Restrictions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import io.vertx.sqlclient.SqlClient;

public class UserRepository {
    private static final String TABLE = "users";
    private JdbcTemplate jdbcTemplate;
    private Connection connection;

    public List<Map<String, Object>> runReport(String sql) {
        // ruleid: java.sql-query-from-parameter
        return jdbcTemplate.queryForList(sql);
    }

    public void purge(JdbcTemplate jdbc, String where) {
        // ruleid: java.sql-query-from-parameter
        jdbc.update("DELETE FROM audit " + where);
        // ruleid: java.sql-query-from-parameter
        jdbc.batchUpdate("DELETE FROM tmp", where);
        // ok: java.sql-query-from-parameter
        jdbc.update("DELETE FROM audit WHERE owner = ?", where);
        // ok: java.sql-query-from-parameter
        jdbc.batchUpdate("DELETE FROM tmp WHERE owner = ?", new ArrayList<Object[]>(Arrays.asList(new Object[] {where})));
        // ok: java.sql-query-from-parameter
        jdbc.update("UPDATE flags SET present = '" + (where != null) + "' WHERE id = 1");
    }

    public void creatorFactory(String filter) {
        // ruleid: java.sql-text-concatenated
        String sql = "SELECT * FROM users WHERE name = '" + filter + "'";
        // ruleid: java.sql-query-from-parameter
        new PreparedStatementCreatorFactory(sql);
        // ok: java.sql-query-from-parameter
        new PreparedStatementCreatorFactory("SELECT * FROM users WHERE name = ?");
    }

    public ResultSet byName(Statement stmt, String name) throws SQLException {
        // ruleid: java.sql-query-from-parameter, java.sql-text-concatenated
        return stmt.executeQuery("SELECT id FROM users WHERE name = '" + name + "'");
    }

    public ResultSet byNamePrepared(String name) throws SQLException {
        // ok: java.sql-query-from-parameter, java.sql-text-concatenated
        PreparedStatement ps = connection.prepareStatement("SELECT id FROM users WHERE name = ?");
        ps.setString(1, name);
        return ps.executeQuery();
    }

    public ResultSet byId(Statement stmt, String id) throws SQLException {
        // ok: java.sql-query-from-parameter
        return stmt.executeQuery("SELECT id FROM users WHERE id = " + Integer.parseInt(id));
    }

    public List<?> hql(EntityManager em, Session session, String order) {
        // ruleid: java.sql-query-from-parameter, java.sql-text-concatenated
        em.createQuery("SELECT u FROM User u ORDER BY " + order);
        // ruleid: java.sql-query-from-parameter, java.sql-text-concatenated
        session.createSQLQuery(String.format("SELECT * FROM t ORDER BY %s", order));
        // ruleid: java.sql-query-from-parameter
        Restrictions.sqlRestriction("owner = " + order);
        // ok: java.sql-query-from-parameter
        Restrictions.sqlRestriction("owner = ?", order, null);
        // ok: java.sql-query-from-parameter
        em.createQuery(criteria.where(builder.equal(root.get("name"), order)));
        // ok: java.sql-query-from-parameter
        return em.createQuery("SELECT u FROM User u WHERE u.name = :name").setParameter("name", order).getResultList();
    }

    public void jdo(PersistenceManager pm, String field) {
        Query q = pm.newQuery(User.class);
        // ruleid: java.sql-query-from-parameter
        q.setFilter("id == " + field);
        // ruleid: java.sql-query-from-parameter
        q.setOrdering(field);
        // ok: java.sql-query-from-parameter
        q.setFilter("id == idParam");
        // ruleid: java.sql-query-from-parameter
        pm.newQuery(User.class, "name == " + field);
    }

    public void vertx(SqlClient client, String text) {
        // ruleid: java.sql-query-from-parameter
        client.query(text);
        // ok: java.sql-query-from-parameter
        client.preparedQuery("SELECT * FROM users WHERE name = $1");
    }

    public void notSql(Map<String, String> cache, ExecutorService executor, String key) {
        // ok: java.sql-query-from-parameter
        cache.put(key, key);
        // ok: java.sql-query-from-parameter
        executor.execute(() -> System.out.println(key));
    }

    public String builders(String name, int limit, List<String> ids) {
        // ruleid: java.sql-text-concatenated
        String a = "SELECT * FROM accounts WHERE owner = '" + name + "'";
        // ruleid: java.sql-text-concatenated
        String b = String.format("UPDATE accounts SET owner = '%s' WHERE id = 1", name);
        // ruleid: java.sql-text-concatenated
        String c = "INSERT INTO log (msg) VALUES ('" + name + "')";
        // ok: java.sql-text-concatenated
        String d = "SELECT * FROM accounts LIMIT " + limit;
        // ok: java.sql-text-concatenated
        String e = "SELECT * FROM " + TABLE + " WHERE id = ?";
        // ok: java.sql-text-concatenated
        String f = "SELECT * FROM accounts WHERE id IN (" + ids.size() + ")";
        // ok: java.sql-text-concatenated
        String g = "Select an item from the list: " + name;
        final String local = "users";
        // ok: java.sql-text-concatenated
        String h = "SELECT * FROM " + local + " WHERE id = ?";
        // ok: java.sql-text-concatenated
        String i = "DELETE FROM accounts WHERE id = ?";
        return a + b + c + d + e + f + g + h + i;
    }

    // An IN list of ? placeholders, one per value, is parameterized SQL: only "?" and "," reach the text.
    public String inListPlaceholders(List<Long> ids, int n, String name) {
        String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
        // ok: java.sql-text-concatenated
        String a = "SELECT id, name FROM users WHERE id IN (" + placeholders + ")";
        // ok: java.sql-text-concatenated
        String b = "SELECT id FROM users WHERE id IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")";
        String marks = "?,".repeat(n - 1) + "?";
        // ok: java.sql-text-concatenated
        String c = "DELETE FROM users WHERE id IN (" + marks + ")";
        // ok: java.sql-text-concatenated
        String d = "SELECT id FROM users WHERE id IN (" + Collections.nCopies(n, "?").stream().collect(Collectors.joining(",")) + ")";
        StringJoiner joiner = new StringJoiner(",");
        for (Long id : ids) {
            joiner.add("?");
        }
        // ok: java.sql-text-concatenated
        String e = "SELECT id FROM users WHERE id IN (" + joiner + ")";
        StringBuilder qs = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) qs.append(",");
            qs.append("?");
        }
        // ok: java.sql-text-concatenated
        String f = "SELECT id FROM users WHERE id IN (" + qs.toString() + ")";
        // the vulnerable twin: the values themselves joined into the text
        String values = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        // ruleid: java.sql-text-concatenated
        String g = "SELECT id, name FROM users WHERE id IN (" + values + ")";
        String quoted = String.join("','", Collections.nCopies(n, name));
        // ruleid: java.sql-text-concatenated
        String h = "SELECT id FROM users WHERE name IN ('" + quoted + "')";
        return a + b + c + d + e + f + g + h;
    }
}
