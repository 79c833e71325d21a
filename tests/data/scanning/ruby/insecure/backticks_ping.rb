class DiagnosticsController < ApplicationController
  def ping
    result = `ping -c 3 #{params[:host]}`
    render plain: result
  end
end
