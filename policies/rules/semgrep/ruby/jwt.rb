require 'jwt'

def issue(payload, hmac_secret)
  # ruleid: ruby.jwt-none-algorithm
  none_token = JWT.encode payload, nil, 'none'
  # ok: ruby.jwt-none-algorithm
  token = JWT.encode payload, hmac_secret, 'HS256'
  [none_token, token]
end

def read(token, hmac_secret)
  # ruleid: ruby.jwt-decode-unverified
  claims = JWT.decode token, hmac_secret, false, { algorithm: 'HS256' }
  # ok: ruby.jwt-decode-unverified
  verified = JWT.decode token, hmac_secret, true, { algorithm: 'HS256' }
  # ruleid: ruby.jwt-none-algorithm, ruby.jwt-decode-unverified
  loose = JWT.decode(token, nil, false, algorithm: 'none')
  [claims, verified, loose]
end
