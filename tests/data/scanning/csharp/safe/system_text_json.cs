using System;
using System.Data.SqlClient;
using Microsoft.AspNetCore.Mvc;


using System.Text.Json;

public static class SessionStore
{
    public static SessionData Load(string json) => JsonSerializer.Deserialize<SessionData>(json);
}
