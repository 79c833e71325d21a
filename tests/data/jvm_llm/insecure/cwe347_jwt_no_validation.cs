options.TokenValidationParameters = new TokenValidationParameters
{
    ValidateIssuerSigningKey = false,
    ValidateIssuer = false,
    ValidateAudience = false,
    ValidateLifetime = false
};
