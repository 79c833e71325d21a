import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;

@Controller
@RequestMapping("/account")
public class AccountController {

    // ruleid: java.spring-mapping-any-method
    @RequestMapping("/delete")
    public String delete(@RequestParam long id) {
        return "redirect:/account";
    }

    // ruleid: java.spring-mapping-any-method
    @RequestMapping(value = "/email", produces = "text/html")
    public String changeEmail(@RequestParam String email) {
        return "ok";
    }

    // ok: java.spring-mapping-any-method
    @RequestMapping(value = "/password", method = RequestMethod.POST)
    public String changePassword(@RequestParam String password) {
        return "ok";
    }

    // ok: java.spring-mapping-any-method
    @PostMapping("/close")
    public String close() {
        return "ok";
    }

    // ok: java.spring-mapping-any-method
    @GetMapping("/view")
    public String view() {
        return "account";
    }
}
