import org.springframework.web.bind.annotation.*;

@CrossOrigin(origins = "*", allowCredentials = "true")
@RestController
@RequestMapping("/api/account")
public class AccountController {
    @GetMapping
    public Account current() {
        return Account.current();
    }
}
