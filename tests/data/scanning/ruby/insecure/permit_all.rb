class ProfilesController < ApplicationController
  def update
    current_user.update(params.require(:user).permit!)
    redirect_to profile_path
  end
end
