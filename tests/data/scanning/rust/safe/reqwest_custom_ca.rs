pub fn build_client(ca_pem: &[u8]) -> reqwest::Result<reqwest::Client> {
    let ca = reqwest::Certificate::from_pem(ca_pem)?;
    reqwest::Client::builder()
        .add_root_certificate(ca)
        .timeout(std::time::Duration::from_secs(10))
        .build()
}
