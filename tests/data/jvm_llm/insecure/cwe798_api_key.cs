private const string ApiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
