class DownloadsController < ApplicationController
  def show
    name = File.basename(params[:filename].to_s)
    send_file File.join(Rails.root, "storage", "exports", name)
  end
end
