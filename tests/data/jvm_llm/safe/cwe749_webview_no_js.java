WebView webView = findViewById(R.id.webview);
webView.getSettings().setJavaScriptEnabled(false);
webView.getSettings().setAllowFileAccess(false);
webView.loadUrl("https://example.com/help");
