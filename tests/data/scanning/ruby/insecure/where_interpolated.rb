class UsersController < ApplicationController
  def index
    @users = User.where("email LIKE '%#{params[:q]}%'").limit(50)
    render json: @users
  end
end
