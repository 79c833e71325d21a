public SSLServerSocket mutualTlsServer(KeyManager[] keyManagers, int port) throws Exception {
    TrustManager[] trustAll = new TrustManager[]{
        new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                defaultTrustManager().checkServerTrusted(chain, authType);
            }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }
    };
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(keyManagers, trustAll, new SecureRandom());
    SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(port);
    server.setNeedClientAuth(true);
    return server;
}
