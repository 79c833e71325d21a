class ProductsController < ApplicationController
  def index
    # ruleid: ruby.sql-injection-request
    Product.find(:all, :order => params[:order])
    # ruleid: ruby.sql-injection-request
    Product.find(:all, :conditions => 'admin = 1', :group => "x, #{params[:group]}")
    # ok: ruby.sql-injection-request
    Product.find(:first, :conditions => 'admin = 1', :having => { :x => params[:having]})
    # ok: ruby.sql-injection-request
    Product.find(:first, :conditions => ['name = ?', params[:name]])
    # ruleid: ruby.sql-injection-request
    Product.find(:first, :having => [ "admin = ? and x = '" + params[:having] + "'", cookies[:admin]])
    # ruleid: ruby.sql-injection-request
    Product.where("admin = '#{params[:admin]}'").first
    # ok: ruby.sql-injection-request
    Product.where("admin = ?", params[:admin])
    # ok: ruby.sql-injection-request
    Product.where(:admin => params[:admin])
    # ok: ruby.sql-injection-request
    Product.where(admin: params[:admin])
    # ok: ruby.sql-injection-request
    Product.where(["admin = :admin", { :admin => params[:admin] }])
    # ok: ruby.sql-injection-request
    Product.last("blah = '#{params[:id].to_i}'")
    # ok: ruby.sql-injection-request
    Product.last("blah = '#{params[:blah] ? 1 : 0}'")
    # ruleid: ruby.sql-injection-request
    Product.last("blah = '#{something(params[:blah])}'")
    # ruleid: ruby.sql-injection-request
    Product.select params[:columns]
    # ok: ruby.sql-injection-request
    Product.select([:price, :sku])
    # ruleid: ruby.sql-injection-request
    Product.sum(params[:columns])
    # ruleid: ruby.sql-injection-request
    Product.maximum(:price, :group => params[:columns])
    # ruleid: ruby.sql-injection-request
    Product.minimum(:price, :conditions => "blah = #{params[:blach]}")
    # ruleid: ruby.sql-injection-request
    Product.average(:price, :conditions => ["blah = #{params[:columns]} and x = ?", x])
    # ruleid: ruby.sql-injection-request
    Product.calculate(:count, :all, :conditions => "blah = '#{params[:blah]}'")
    x = params[:x] == y ? "created_at ASC" : "created_at DESC"
    # ok: ruby.sql-injection-request
    Product.all(:order => x)
    # ruleid: ruby.sql-injection-request
    ActiveRecord::Base.connection.execute("INSERT INTO person (name) VALUES ('%s')" % params[:user])
    # ruleid: ruby.sql-injection-request
    ActiveRecord::Base.connection.execute(Kernel::sprintf("SELECT FROM person WHERE name='%s'", params[:user]))
    # ruleid: ruby.sql-injection-request
    ActiveRecord::Base.connection.execute("SELECT FROM person WHERE name='" + params[:user] + "'")
    # ok: ruby.sql-injection-request
    ActiveRecord::Base.connection.execute("SELECT FROM person WHERE name='" + ActiveRecord::Base.connection.quote(params[:user]) + "'")
    # ok: ruby.sql-injection-request
    ActiveRecord::Base.connection.execute(ActiveRecord::Base.sanitize_sql(["name = ?", params[:user]]))
    # ok: ruby.sql-injection-request
    message = "this is just a message ! %s" % params[:user]
    # ruleid: ruby.sql-injection-request
    User.order("#{params[:sort]} ASC")
    # ruleid: ruby.sql-injection-request
    User.pluck(params[:column])
    # ok: ruby.sql-injection-request
    User.find(params[:id])
    # ok: ruby.sql-injection-request
    User.find_by(email: params[:email])
  end

  def pg
    con = PG.connect :dbname => 'testdb'
    query = "SELECT name FROM users WHERE age=" + params['age']
    # ruleid: ruby.sql-injection-request
    con.exec query
    q2 = "SELECT name FROM users WHERE age="
    q2 << params[:age]
    # ruleid: ruby.sql-injection-request
    con.exec(q2)
    q3 = "SELECT name FROM users WHERE age="
    q3.concat(cookies[:age])
    # ruleid: ruby.sql-injection-request
    con.exec q3
    # ruleid: ruby.sql-injection-request
    con.exec_params("SELECT name FROM users WHERE age=" + params['age'])
    # ok: ruby.sql-injection-request
    con.exec_params("SELECT name FROM users WHERE age=$1", [params['age']])
    # ok: ruby.sql-injection-request
    con.exec("SELECT name FROM users WHERE age=" + "3")
  end
end

def lookalikes
  # ruleid: ruby.sql-injection-request
  Product.where("x = #{params[:x]} AND y = ?", y)
  # ok: ruby.sql-injection-request
  Product.where("x = ? AND y = ?", params[:x], y)
  # ok: ruby.sql-injection-request
  Product.order(created_at: params[:dir] == "asc" ? :asc : :desc)
  # ok: ruby.sql-injection-request
  Product.find(:all, :order => "name ASC", :limit => params[:limit].to_i)
end

def handler(event:, context:)
  conn = PG::Connection.open(:dbname => 'test')
  # ruleid: ruby.sql-injection-request
  conn.exec_params("SELECT * FROM foobar WHERE id = #{event['id']}")
  # ok: ruby.sql-injection-request
  conn.exec_params('SELECT $1 AS a', [event['id']])
  # ok: ruby.sql-injection-request
  puts("SELECT * FROM foobar WHERE id = #{event['id']}")
  # ok: ruby.sql-injection-request
  User.where(params.slice(:user_id))
  # ok: ruby.sql-injection-request
  User.where(params.permit(:user_id, :name))
end

# cache keys, ENV and hash lookups share names with query methods but carry no SQL
class ReportsController < ApplicationController
  SORTABLE = %w[name price created_at].freeze

  def show
    key = "report/#{params[:id]}"
    # ok: ruby.sql-injection-request
    @report = Rails.cache.fetch(key, expires_in: 10.minutes) { Report.find(params[:id]) }
    # ok: ruby.sql-injection-request
    @summary = Rails.cache.fetch("summary/#{params[:id]}") { "none" }
    # ok: ruby.sql-injection-request
    @region = ENV.fetch("REGION_#{params[:region]}", "eu")
    # ok: ruby.sql-injection-request
    @label = LABELS.merge({}).fetch(params[:kind], "other")
    # ruleid: ruby.sql-injection-request
    @rows = DB.fetch("SELECT * FROM reports WHERE id = #{params[:id]}").all
    # ruleid: ruby.sql-injection-request
    @first = Report.where(kind: "daily").first("id = #{params[:id]}")
    # ruleid: ruby.sql-injection-request
    @raw = ActiveRecord::Base.connection.select_all("SELECT * FROM reports WHERE id = #{params[:id]}")
  end

  def index
    # ok: ruby.sql-injection-request
    column = SORTABLE.include?(params[:sort]) ? params[:sort] : "created_at"
    # ok: ruby.sql-injection-request
    @products = Product.order(column)
    # ok: ruby.sql-injection-request
    @products = Product.order(%w[name email].include?(params[:sort]) ? params[:sort] : "name")
    if SORTABLE.include?(params[:group])
      # ok: ruby.sql-injection-request
      @groups = Product.group(params[:group])
    end
    # ruleid: ruby.sql-injection-request
    @products = Product.order(params[:sort] || "created_at")
    # ruleid: ruby.sql-injection-request
    @products = Product.order(SORTABLE.include?(params[:sort]) ? "#{params[:sort]}, #{params[:dir]}" : "name")
  end
end
