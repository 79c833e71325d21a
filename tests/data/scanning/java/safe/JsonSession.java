import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import javax.servlet.http.*;

public class SessionRestoreFilter {
    private final ObjectMapper mapper = new ObjectMapper();

    public UserSession restore(HttpServletRequest request) throws Exception {
        for (Cookie cookie : request.getCookies()) {
            if ("session".equals(cookie.getName())) {
                byte[] data = Base64.getDecoder().decode(cookie.getValue());
                return mapper.readValue(data, UserSession.class);
            }
        }
        return null;
    }
}
