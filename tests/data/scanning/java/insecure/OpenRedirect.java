import java.io.IOException;
import javax.servlet.http.*;

public class LoginServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (authenticate(req.getParameter("username"), req.getParameter("password"))) {
            req.getSession().setAttribute("user", req.getParameter("username"));
            resp.sendRedirect(req.getParameter("returnUrl"));
        } else {
            resp.sendRedirect("/login?error");
        }
    }
}
