RC2CryptoServiceProvider rc2 = new RC2CryptoServiceProvider();
rc2.Key = keyBytes;
