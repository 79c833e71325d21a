_context.Database.ExecuteSqlRaw("UPDATE Users SET Email = '" + email + "' WHERE Id = " + id);
