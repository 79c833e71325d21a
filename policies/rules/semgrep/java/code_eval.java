import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.util.Eval;
import java.io.*;

public class Scripting {
    public Object run(String script, String path, ClassLoader parent) throws Exception {
        GroovyShell shell = new GroovyShell();
        // ruleid: java.groovy-dynamic-script
        shell.evaluate(script);
        // ruleid: java.groovy-dynamic-script
        shell.parse(new File(path));
        // ruleid: java.groovy-dynamic-script
        shell.evaluate(new InputStreamReader(new FileInputStream(path)), "user.groovy");
        // ok: java.groovy-dynamic-script
        shell.evaluate("1 + 1");
        final String fixed = "return 42";
        // ok: java.groovy-dynamic-script
        shell.evaluate(fixed);
        GroovyClassLoader loader = new GroovyClassLoader(parent);
        // ruleid: java.groovy-dynamic-script
        loader.parseClass(script);
        // ruleid: java.groovy-dynamic-script
        loader.parseClass(new GroovyCodeSource(new File(path)), false);
        // ruleid: java.groovy-dynamic-script
        Eval.me(script);
        // ok: java.groovy-dynamic-script
        Eval.x(script.length(), "x * 2");
        // ok: java.groovy-dynamic-script
        return new GroovyShell().evaluate("2 * 21");
    }
}
