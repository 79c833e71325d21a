import android.content.Context;
import android.content.SharedPreferences;
import android.util.Log;
import android.webkit.WebSettings;
import android.webkit.WebView;

public class MainActivity extends Activity {
    private static final String TAG = "MainActivity";

    protected void onCreate(Bundle savedInstanceState) {
        WebView webView = findViewById(R.id.webview);
        WebSettings settings = webView.getSettings();
        settings.setJavaScriptEnabled(true);
        // ruleid: java.android-webview-javascript-interface
        webView.addJavascriptInterface(new WebAppInterface(this), "Android");
        // ruleid: java.android-webview-file-access
        settings.setAllowFileAccess(true);
        // ruleid: java.android-webview-file-access
        settings.setAllowUniversalAccessFromFileURLs(true);
        // ok: java.android-webview-file-access
        settings.setAllowFileAccess(false);
        // ruleid: java.android-webview-debugging
        WebView.setWebContentsDebuggingEnabled(true);
        if (BuildConfig.DEBUG) {
            // ok: java.android-webview-debugging
            WebView.setWebContentsDebuggingEnabled(true);
        }
    }

    protected void onStart() {
        WebView plain = findViewById(R.id.help);
        plain.getSettings().setJavaScriptEnabled(false);
        // ok: java.android-webview-javascript-interface
        plain.addJavascriptInterface(new HelpBridge(), "Help");
    }

    void storeToken(String token) {
        // ruleid: java.android-world-readable
        SharedPreferences prefs = getSharedPreferences("prefs", Context.MODE_WORLD_READABLE);
        // ok: java.android-world-readable
        SharedPreferences mine = getSharedPreferences("prefs", Context.MODE_PRIVATE);
        // ruleid: java.android-world-readable
        FileOutputStream out = openFileOutput("data.txt", MODE_WORLD_WRITEABLE);
    }

    void login(String username, String password, User user) {
        // ruleid: java.sensitive-data-logged
        Log.d(TAG, "Logging in " + username + " with password " + password);
        // ruleid: java.sensitive-data-logged
        logger.info("credentials: {} / {}", username, user.getPassword());
        // ruleid: java.sensitive-data-logged
        System.out.println("Issued token: " + token);
        // ok: java.sensitive-data-logged
        Log.d(TAG, "Password changed for " + username);
        // ok: java.sensitive-data-logged
        logger.info("login ok for {}", username);
        // ok: java.sensitive-data-logged
        logger.info("token expires at {}", tokenExpiry);
    }
}
