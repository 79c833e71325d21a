String sql = String.format("SELECT * FROM orders WHERE customer = '%s'", customer);
ResultSet rs = statement.executeQuery(sql);
