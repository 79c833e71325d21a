class Report
  def self.sales_for(region)
    Order.find_by_sql("SELECT * FROM orders WHERE region = '#{region}' ORDER BY created_at")
  end
end
