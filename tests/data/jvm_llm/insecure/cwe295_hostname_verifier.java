HostnameVerifier allHostsValid = new HostnameVerifier() {
    public boolean verify(String hostname, SSLSession session) {
        return true;
    }
};
HttpsURLConnection.setDefaultHostnameVerifier(allHostsValid);
