require 'jwt'
require 'openssl'

def issue(payload, token)
  # ruleid: ruby.jwt-hardcoded-secret
  JWT.encode payload, 'hardcode', 'HS256'
  hmac_secret = 'my$ecretK3y'
  # ruleid: ruby.jwt-hardcoded-secret
  JWT.decode token, hmac_secret, true, { algorithm: 'HS256' }
  # ok: ruby.jwt-hardcoded-secret
  JWT.encode payload, ENV.fetch('JWT_SECRET'), 'HS256'
  # ok: ruby.jwt-hardcoded-secret
  JWT.encode payload, 'your-secret-here', 'HS256'
end

def keys(pem, cipher)
  # ruleid: ruby.hardcoded-key-passphrase
  key = OpenSSL::PKey::RSA.new pem, 'secret'
  # ruleid: ruby.hardcoded-key-passphrase
  key.to_pem(cipher, "s3cr3t")
  # ok: ruby.hardcoded-key-passphrase
  OpenSSL::PKey::RSA.new pem, ENV['KEY_PASSPHRASE']
  # ruleid: ruby.weak-rsa-key
  small = OpenSSL::PKey::RSA.new 512
  # ruleid: ruby.weak-rsa-key
  OpenSSL::PKey::RSA.generate(1024)
  # ok: ruby.weak-rsa-key
  good = OpenSSL::PKey::RSA.new(3072)
end
