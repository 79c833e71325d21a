require "open3"
require "digest"
require "openssl"

class ToolsController < ApplicationController
  # ruleid: ruby.csrf-disabled
  skip_before_action :verify_authenticity_token

  def ping
    host = params[:host]
    # ruleid: ruby.command-injection
    output = `ping -c 1 #{host}`
    # ruleid: ruby.command-injection
    system("nslookup #{host}")
    # ok: ruby.command-injection
    system("ping", "-c", "1", host)
    # ok: ruby.command-injection
    out, status = Open3.capture2("ping", "-c", "1", host)
    render plain: output
  end

  def search
    # ruleid: ruby.sql-injection
    @users = User.where("name LIKE '%#{params[:q]}%'")
    # ruleid: ruby.sql-injection
    rows = ActiveRecord::Base.connection.execute("DELETE FROM logs WHERE id = #{params[:id]}")
    # ok: ruby.sql-injection
    @safe = User.where("name LIKE ?", "%#{params[:q]}%")
    # ok: ruby.sql-injection
    @safe2 = User.where(name: params[:q])
    escaped = client.escape(params[:q])
    # ok: ruby.sql-injection
    rows = client.query("SELECT * FROM users WHERE name = '#{escaped}'")
    prices = Product.select(:price).where("created_at < :time").to_sql
    # ok: ruby.sql-injection
    Product.where("price IN (#{prices})")
  end

  def calc
    # ruleid: ruby.code-injection
    result = eval(params[:expr])
    # ruleid: ruby.code-injection
    klass = params[:type].constantize
    # ok: ruby.code-injection
    allowed = { "csv" => CsvExporter }.fetch(params[:type])
  end

  def restore
    # ruleid: ruby.insecure-deserialization
    state = Marshal.load(Base64.decode64(cookies[:state]))
    # ruleid: ruby.insecure-deserialization
    cfg = YAML.load(params[:config])
    # ok: ruby.insecure-deserialization
    safe = YAML.safe_load(params[:config])
    # ok: ruby.insecure-deserialization
    data = JSON.parse(params[:config])
    # ok: ruby.insecure-deserialization
    defaults = YAML.load(File.read("config/defaults.yml"))
    # ok: ruby.insecure-deserialization
    legacy = YAML.load(params[:legacy], safe: true)
    # ruleid: ruby.insecure-deserialization
    obj = Oj.load(cookies[:obj])
    # ruleid: ruby.insecure-deserialization
    obj = Oj.object_load(cookies[:obj])
    # ok: ruby.insecure-deserialization
    obj = Oj.load(cookies[:obj], mode: :strict)
    # ruleid: ruby.insecure-deserialization
    rows = CSV.load(params[:rows])
    # ok: ruby.insecure-deserialization
    copy = Marshal.load(Marshal.dump(template))
    dumped = YAML.dump(settings)
    # ok: ruby.insecure-deserialization
    again = YAML.load(dumped)
    text = "--- {}"
    # ok: ruby.insecure-deserialization
    empty = YAML.load(text)
    # ok: ruby.insecure-deserialization
    db = YAML::load(ERB.new(File.read("config/database.yml")).result)
    erb = ERB.new(File.read("config/database.yml"))
    # ok: ruby.insecure-deserialization
    db = YAML.load(erb.result)
    # ok: ruby.insecure-deserialization
    conf = YAML.load(File.read(File.join(Rails.root, "config", "app.yml")))
    blob = Marshal.dump(template)
    blob = cookies[:blob]
    # ruleid: ruby.insecure-deserialization
    restored = Marshal.load(blob)
  end

  def download
    # ruleid: ruby.path-traversal
    send_file "/srv/files/#{params[:name]}"
  end

  def download_safe
    # ok: ruby.path-traversal
    send_file File.join("/srv/files", File.basename(params[:name]))
  end

  def directory_listing
    # ruleid: ruby.path-traversal
    Dir.entries("/srv/files/#{params[:dir]}")
    # ruleid: ruby.path-traversal
    File.lchmod(0o644, "/srv/files/#{params[:name]}")
    # ruleid: ruby.path-traversal
    Kernel.open("/srv/files/#{params[:name]}")
    # ruleid: ruby.path-traversal
    send_file cookies.permanent[:report]
    # ok: ruby.path-traversal
    send_file cookies.encrypted[:report]
    # ok: ruby.path-traversal
    send_file cookies.permanent.signed[:report]
  end

  def fixed_listing
    # ok: ruby.path-traversal
    Dir.entries("/srv/files/public")
  end

  def fetch
    # ruleid: ruby.ssrf
    body = Net::HTTP.get(URI(params[:url]))
    # ok: ruby.ssrf
    status = Net::HTTP.get(URI("https://status.example.com/health"))
  end

  def back
    # ruleid: ruby.open-redirect
    redirect_to params[:return_to]
  end

  def home
    # ok: ruby.open-redirect
    redirect_to root_path
  end

  def back_lookalikes
    # ok: ruby.open-redirect
    redirect_to params.merge(:only_path => true)
    # ok: ruby.open-redirect
    redirect_to params.merge(host: "app.example.com")
    # ok: ruby.open-redirect
    redirect_to params.permit(:page, :sort)
    # ruleid: ruby.open-redirect
    redirect_to params.permit(:page, :host)
    # ok: ruby.open-redirect
    redirect_to [params.permit(:domain)]
    # ruleid: ruby.open-redirect
    redirect_to(url_for(params))
  end

  def create
    # ruleid: ruby.mass-assignment
    @user = User.new(params[:user])
    # ruleid: ruby.mass-assignment
    draft = current_user.posts.create_with(params[:post]).create
    # ok: ruby.mass-assignment
    draft = current_user.posts.create_with(params[:post].permit(:title, :body)).create
    # ruleid: ruby.mass-assignment
    legacy = User.new(params[:user].to_h, :without_protection => true)
    # ruleid: ruby.mass-assignment
    @other = User.create(params.permit!)
    # ok: ruby.mass-assignment
    @safe = User.new(params.require(:user).permit(:name, :email))
  end

  def show
    # ruleid: ruby.xss-html-safe
    @banner = "<h1>Welcome #{params[:name]}</h1>".html_safe
    # ok: ruby.xss-html-safe
    @title = "<h1>Welcome</h1>".html_safe
  end
end

def checksum(data)
  # ruleid: ruby.weak-hash
  Digest::MD5.hexdigest(data)
end

def streaming_checksum
  # ruleid: ruby.weak-hash
  Digest::SHA1.new
end

def strong_checksum(data)
  # ok: ruby.weak-hash
  Digest::SHA256.hexdigest(data)
end

def encrypt(data, key)
  # ruleid: ruby.weak-cipher
  c = OpenSSL::Cipher.new("des-ede3-cbc")
  # ruleid: ruby.weak-cipher
  c2 = OpenSSL::Cipher.new("aes-128-ecb")
  # ok: ruby.weak-cipher
  c3 = OpenSSL::Cipher.new("aes-256-gcm")
end

def generate_token
  chars = [*"a".."z", *"0".."9"]
  # ruleid: ruby.insecure-random
  Array.new(32) { chars[rand(chars.size)] }.join
end

def secure_token
  # ok: ruby.insecure-random
  SecureRandom.hex(32)
end

def roll
  # ok: ruby.insecure-random
  rand(1..6)
end

def client
  http = Net::HTTP.new("api.example.com", 443)
  http.use_ssl = true
  # ruleid: ruby.tls-verify-disabled
  http.verify_mode = OpenSSL::SSL::VERIFY_NONE
  # ok: ruby.tls-verify-disabled
  http.verify_mode = OpenSSL::SSL::VERIFY_PEER
  # ruleid: ruby.tls-verify-disabled
  HTTParty.get("https://api.example.com", verify: false)
end

# ruleid: ruby.hardcoded-credentials
DB_PASSWORD = "Winter2024!"
# ok: ruby.hardcoded-credentials
DB_PASSWORD_SAFE = ENV.fetch("DB_PASSWORD")
# ruleid: ruby.hardcoded-credentials
conn = PG.connect(host: "db", user: "app", password: "s3cr3tpass")

# ruleid: ruby.world-writable-permissions
File.chmod(0777, "/srv/shared")
# ok: ruby.world-writable-permissions
File.chmod(0644, "/srv/shared/config.yml")

def fetch_more
  # ruleid: ruby.ssrf
  Net::HTTP.post_form(URI(params[:url]), { "q" => "x" })
  # ruleid: ruby.ssrf
  ftp = Net::FTP.open(params[:host])
  # ok: ruby.ssrf
  Net::HTTP.post_form(URI("https://api.example.com/search"), { "q" => params[:q] })
end

def pg_lookup(con)
  query = "SELECT name FROM users WHERE age=" + params['age']
  # ruleid: ruby.sql-injection
  con.exec query
  sql = "DELETE FROM users WHERE name = '#{params[:name]}'"
  # ruleid: ruby.sql-injection
  con.exec(sql)
  safe = "SELECT name FROM users WHERE age = $1"
  # ok: ruby.sql-injection
  con.exec_params(safe, [params['age']])
  label = "Report for #{params[:name]}"
  # ok: ruby.sql-injection
  logger.query(label)
end

def pg_constant(con)
  query = "SELECT name FROM users WHERE age=" + "3"
  # ok: ruby.sql-injection
  con.exec query
end
