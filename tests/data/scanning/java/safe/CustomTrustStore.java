import java.io.FileInputStream;
import java.security.KeyStore;
import javax.net.ssl.*;

public class HttpClientFactory {
    public static SSLContext corporateContext() throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(System.getenv("TRUSTSTORE_PATH"))) {
            trustStore.load(in, System.getenv("TRUSTSTORE_PASSWORD").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext sc = SSLContext.getInstance("TLS");
        sc.init(null, tmf.getTrustManagers(), null);
        return sc;
    }
}
