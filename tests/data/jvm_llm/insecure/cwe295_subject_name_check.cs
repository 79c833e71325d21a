var handler = new HttpClientHandler();
handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
{
    return cert.SubjectName.Name == "CN=api.internal.example.com";
};
using var client = new HttpClient(handler);
