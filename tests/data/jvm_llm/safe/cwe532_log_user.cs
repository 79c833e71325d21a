_logger.LogInformation("User {User} logged in", user);
