class CartController < ApplicationController
  def show
    @cart = JSON.parse(cookies.signed[:cart] || "{}")
  end
end
