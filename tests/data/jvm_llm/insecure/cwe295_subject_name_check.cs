handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
{
    return cert.SubjectName.Name == "CN=api.internal.example.com";
};
