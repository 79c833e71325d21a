require "digest"

def sign_request(body, secret)
  Digest::MD5.hexdigest(secret + body)
end
