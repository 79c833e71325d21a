services.AddCors(options =>
{
    options.AddPolicy("Frontend", builder => builder.WithOrigins("https://app.example.com").AllowAnyMethod());
});
