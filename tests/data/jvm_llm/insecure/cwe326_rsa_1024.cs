public static RSAParameters CreateKeys()
{
    using (var rsa = new RSACryptoServiceProvider(1024))
    {
        return rsa.ExportParameters(true);
    }
}
