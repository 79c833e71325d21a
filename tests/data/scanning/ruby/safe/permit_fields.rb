class ProfilesController < ApplicationController
  def update
    current_user.update(params.require(:user).permit(:name, :bio, :avatar))
    redirect_to profile_path
  end
end
