import groovy.lang.Binding;
import groovy.lang.GroovyShell;

@RestController
public class RuleController {
    @PostMapping("/rules/evaluate")
    public Object evaluate(@RequestBody String expression) {
        GroovyShell shell = new GroovyShell(new Binding());
        return shell.evaluate(expression);
    }
}
