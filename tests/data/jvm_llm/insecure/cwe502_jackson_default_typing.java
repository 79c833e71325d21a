ObjectMapper mapper = new ObjectMapper();
mapper.enableDefaultTyping();
Object value = mapper.readValue(json, Object.class);
