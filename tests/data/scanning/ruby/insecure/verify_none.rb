require "net/http"

def fetch_invoice(id)
  uri = URI("https://billing.internal/invoices/#{id}")
  http = Net::HTTP.new(uri.host, uri.port)
  http.use_ssl = true
  http.verify_mode = OpenSSL::SSL::VERIFY_NONE
  http.get(uri.request_uri).body
end
