def generate_api_token
  chars = ("a".."z").to_a + ("0".."9").to_a
  (1..40).map { chars[rand(chars.length)] }.join
end
