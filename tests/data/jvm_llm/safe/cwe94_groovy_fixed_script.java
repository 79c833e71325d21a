import groovy.lang.Binding;
import groovy.lang.GroovyShell;

public Object applyDiscount(double total) {
    Binding binding = new Binding();
    binding.setVariable("total", total);
    GroovyShell shell = new GroovyShell(binding);
    return shell.evaluate("total > 100 ? total * 0.9 : total");
}
