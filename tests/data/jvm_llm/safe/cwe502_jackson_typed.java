ObjectMapper mapper = new ObjectMapper();
Order order = mapper.readValue(json, Order.class);
