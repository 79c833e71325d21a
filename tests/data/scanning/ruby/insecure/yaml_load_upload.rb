class ImportsController < ApplicationController
  def create
    settings = YAML.load(params[:file].read)
    Setting.import!(settings)
    head :ok
  end
end
