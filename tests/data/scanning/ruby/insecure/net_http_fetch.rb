require "net/http"

class PreviewsController < ApplicationController
  def show
    html = Net::HTTP.get(URI(params[:url]))
    render plain: html[0, 500]
  end
end
