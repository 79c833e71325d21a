require 'net/ftp'

class ReportsController < ApplicationController
  def fetch
    ftp = Net::FTP.new("ftp.example.com")
    # ruleid: ruby.ftp-path-from-request
    ftp.getbinaryfile("/exports/#{params[:file]}")
    # ruleid: ruby.ftp-path-from-request
    ftp.put(params[:file])
    # ruleid: ruby.ftp-path-from-request
    ftp.delete("/exports/" + params[:file])
    # ok: ruby.ftp-path-from-request
    ftp.getbinaryfile("/exports/#{File.basename(params[:file])}", "/srv/in/report.csv")
    # ok: ruby.ftp-path-from-request
    ftp.get("/exports/daily.csv")
    # ok: ruby.ftp-path-from-request
    ftp.get("/exports/#{params[:id].to_i}.csv")
  end

  def upload
    Net::FTP.open("ftp.example.com") do |ftp|
      # ruleid: ruby.ftp-path-from-request
      ftp.puttextfile(params[:path])
    end
  end

  def not_ftp
    # ok: ruby.ftp-path-from-request
    Rails.cache.delete(params[:key])
    # ok: ruby.ftp-path-from-request
    client.get(params[:path])
  end
end
