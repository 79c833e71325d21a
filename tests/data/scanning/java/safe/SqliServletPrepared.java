import java.io.IOException;
import java.sql.*;
import javax.servlet.http.*;

public class UserSearchServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String username = req.getParameter("username");
        try (Connection conn = DriverManager.getConnection(System.getenv("DB_URL"));
             PreparedStatement ps = conn.prepareStatement("SELECT id, email FROM users WHERE username = ?")) {
            ps.setString(1, username);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                resp.getWriter().println(rs.getInt("id"));
            }
        } catch (SQLException e) {
            resp.sendError(500);
        }
    }
}
