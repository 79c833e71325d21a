class ImportsController < ApplicationController
  def create
    settings = YAML.safe_load(params[:file].read, permitted_classes: [Date])
    Setting.import!(settings)
    head :ok
  end
end
