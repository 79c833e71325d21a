import java.util.List;
import javax.persistence.EntityManager;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/orders")
public class OrderController {
    private final EntityManager em;

    public OrderController(EntityManager em) {
        this.em = em;
    }

    @GetMapping
    public List<?> byStatus(@RequestParam String status) {
        return em.createNativeQuery("SELECT * FROM orders WHERE status = :status")
            .setParameter("status", status)
            .getResultList();
    }
}
