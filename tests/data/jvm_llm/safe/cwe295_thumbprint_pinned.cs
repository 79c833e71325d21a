var handler = new HttpClientHandler();
handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
{
    return errors == SslPolicyErrors.None && cert.Thumbprint == ExpectedThumbprint;
};
using var client = new HttpClient(handler);
