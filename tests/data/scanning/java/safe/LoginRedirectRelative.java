import java.io.IOException;
import javax.servlet.http.*;

public class LoginServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (authenticate(req.getParameter("username"), req.getParameter("password"))) {
            String returnUrl = req.getParameter("returnUrl");
            if (returnUrl != null && returnUrl.startsWith("/") && !returnUrl.startsWith("//")) {
                resp.sendRedirect(returnUrl);
                return;
            }
            resp.sendRedirect("/home");
        } else {
            resp.sendRedirect("/login?error");
        }
    }
}
