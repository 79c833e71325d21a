public SSLContext pinnedClientContext(X509TrustManager platform, String pinnedSha256) throws Exception {
    TrustManager[] pinning = new TrustManager[]{
        new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                platform.checkServerTrusted(chain, authType);
                String seen = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                if (!seen.equals(pinnedSha256)) throw new CertificateException("certificate pin mismatch");
            }
            public X509Certificate[] getAcceptedIssuers() { return platform.getAcceptedIssuers(); }
        }
    };
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(null, pinning, new SecureRandom());
    return ctx;
}
