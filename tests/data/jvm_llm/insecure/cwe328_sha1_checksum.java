MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
byte[] hash = sha1.digest(data);
return Base64.getEncoder().encodeToString(hash);
