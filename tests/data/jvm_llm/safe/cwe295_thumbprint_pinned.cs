handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
{
    return errors == SslPolicyErrors.None && cert.Thumbprint == ExpectedThumbprint;
};
