class PricingController < ApplicationController
  def preview
    price = eval(params[:formula])
    render json: { price: price }
  end
end
