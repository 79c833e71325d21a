class PaymentsController < ApplicationController
  skip_before_action :verify_authenticity_token

  def create
    Payment.create!(amount: params[:amount], user: current_user)
    head :created
  end
end
