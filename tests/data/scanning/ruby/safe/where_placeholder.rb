class UsersController < ApplicationController
  def index
    @users = User.where("email LIKE ?", "%#{User.sanitize_sql_like(params[:q].to_s)}%").limit(50)
    render json: @users
  end
end
