require "open3"

class DiagnosticsController < ApplicationController
  def ping
    out, _status = Open3.capture2("ping", "-c", "3", params[:host].to_s)
    render plain: out
  end
end
