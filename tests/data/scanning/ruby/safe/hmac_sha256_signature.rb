require "openssl"

def sign_request(body, secret)
  OpenSSL::HMAC.hexdigest("SHA256", secret, body)
end
