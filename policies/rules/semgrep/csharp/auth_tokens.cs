using System.IdentityModel.Tokens;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

public class JwtSetup
{
    public void Configure(IServiceCollection services, SecurityKey key)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                // ruleid: csharp.jwt-lifetime-not-validated
                ValidateLifetime = false,
                IssuerSigningKey = key,
                // ruleid: csharp.jwt-lifetime-not-validated
                RequireExpirationTime = false
            };
        });
    }

    public TokenValidationParameters Strict(SecurityKey key)
    {
        return new TokenValidationParameters
        {
            // ok: csharp.jwt-lifetime-not-validated
            ValidateLifetime = true,
            // ok: csharp.jwt-lifetime-not-validated
            RequireExpirationTime = true,
            IssuerSigningKey = key
        };
    }

    public TokenValidationParameters Assigned()
    {
        TokenValidationParameters parameters = new TokenValidationParameters();
        // ruleid: csharp.jwt-lifetime-not-validated
        parameters.ValidateLifetime = false;
        // ruleid: csharp.jwt-lifetime-not-validated
        parameters.RequireExpirationTime = false;
        // ok: csharp.jwt-lifetime-not-validated
        parameters.ValidateIssuer = false;
        return parameters;
    }

    public void Unrelated(CacheOptions cache)
    {
        // ok: csharp.jwt-lifetime-not-validated
        cache.ValidateLifetime = false;
        // ok: csharp.jwt-lifetime-not-validated
        var settings = new CacheSettings { ValidateLifetime = false };
    }
}

public class CertificateChecks
{
    public bool Validate(X509SecurityToken x509Token, X509Certificate2 x509)
    {
        // ruleid: csharp.certificate-name-only-check
        if (String.Equals(x509Token.Certificate.SubjectName.Name, "CN=api.example.com"))
            return true;
        // ruleid: csharp.certificate-name-only-check
        if ("CN=api.example.com" == x509.SubjectName.Name)
            return true;
        // ruleid: csharp.certificate-name-only-check
        if (x509.SubjectName.Name.Equals("CN=api.example.com"))
            return true;
        // ruleid: csharp.certificate-name-only-check
        return string.Equals(x509.GetNameInfo(X509NameType.SimpleName, false), "api.example.com");
    }

    public bool Pinned(X509Certificate2 cert, string expectedThumbprint)
    {
        // ok: csharp.certificate-name-only-check
        if (cert.Thumbprint == expectedThumbprint)
            return true;
        // ok: csharp.certificate-name-only-check
        var name = cert.SubjectName.Name;
        // ruleid: csharp.certificate-name-only-check
        if (cert.Subject == "CN=billing-service")
            return true;
        // ruleid: csharp.certificate-name-only-check
        if (string.Equals(cert.Issuer, "CN=Corp Issuing CA", StringComparison.Ordinal))
            return true;
        // ok: csharp.certificate-name-only-check
        if (message.Subject == "Weekly report")
            return true;
        // ok: csharp.certificate-name-only-check
        return cert.SubjectName.Name == expectedName;
    }
}

public class RefreshTokens
{
    // the refresh flow reads an access token that has expired on purpose
    private ClaimsPrincipal GetPrincipalFromExpiredToken(string token)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = _key,
            // ok: csharp.jwt-lifetime-not-validated
            ValidateLifetime = false
        };
        return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
    }
}
