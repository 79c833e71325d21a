import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public class Database {
    private static final String URL = "jdbc:mysql://prod-db:3306/shop";
    private static final String USER = "shop_admin";
    private static final String PASSWORD = "Sh0pAdm1n!2024";

    public static Connection getConnection() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }
}
