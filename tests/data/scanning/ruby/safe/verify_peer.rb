require "net/http"

def fetch_invoice(id)
  uri = URI("https://billing.internal/invoices/#{id}")
  Net::HTTP.start(uri.host, uri.port, use_ssl: true, verify_mode: OpenSSL::SSL::VERIFY_PEER) do |http|
    http.get(uri.request_uri).body
  end
end
