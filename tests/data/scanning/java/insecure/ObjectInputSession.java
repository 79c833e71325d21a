import java.io.*;
import java.util.Base64;
import javax.servlet.http.*;

public class SessionRestoreFilter {
    public UserSession restore(HttpServletRequest request) throws IOException, ClassNotFoundException {
        for (Cookie cookie : request.getCookies()) {
            if ("session".equals(cookie.getName())) {
                byte[] data = Base64.getDecoder().decode(cookie.getValue());
                ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(data));
                return (UserSession) ois.readObject();
            }
        }
        return null;
    }
}
