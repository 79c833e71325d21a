import java.io.IOException;
import java.sql.*;
import javax.servlet.http.*;

public class UserSearchServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String username = req.getParameter("username");
        try (Connection conn = DriverManager.getConnection(System.getenv("DB_URL"));
             Statement stmt = conn.createStatement()) {
            ResultSet rs = stmt.executeQuery("SELECT id, email FROM users WHERE username = '" + username + "'");
            while (rs.next()) {
                resp.getWriter().println(rs.getInt("id") + "," + rs.getString("email"));
            }
        } catch (SQLException e) {
            resp.sendError(500);
        }
    }
}
