JsonConvert.DefaultSettings = () => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
var message = JsonConvert.DeserializeObject<Message>(body);
