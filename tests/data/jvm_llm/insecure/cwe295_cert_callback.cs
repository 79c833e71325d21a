ServicePointManager.ServerCertificateValidationCallback = (sender, certificate, chain, sslPolicyErrors) => true;
using (var client = new WebClient())
{
    return client.DownloadString(url);
}
