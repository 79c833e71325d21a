class PricingController < ApplicationController
  def preview
    price = Dentaku::Calculator.new.evaluate!(params[:formula].to_s)
    render json: { price: price }
  end
end
