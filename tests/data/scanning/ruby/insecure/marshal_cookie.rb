class CartController < ApplicationController
  def show
    @cart = Marshal.load(Base64.decode64(cookies[:cart]))
  end
end
