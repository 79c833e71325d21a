_logger.LogInformation("User {User} logged in with password {Password}", user, password);
