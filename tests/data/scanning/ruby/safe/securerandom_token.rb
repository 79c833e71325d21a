require "securerandom"

def generate_api_token
  SecureRandom.urlsafe_base64(32)
end
