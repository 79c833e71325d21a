require "net/http"

class StatusController < ApplicationController
  def show
    body = Net::HTTP.get(URI("https://status.example.com/api/v2/summary.json"))
    render json: body
  end
end
