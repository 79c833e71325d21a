class Account < ActiveRecord::Base
  # ruleid: ruby.mass-assignment-privileged-attribute
  attr_accessible :name, :admin,
                  :telephone, as: :create_params
  # ok: ruby.mass-assignment-privileged-attribute
  attr_accessible :name, :address, :age

  # ruleid: ruby.validation-regex-unanchored
  validates_format_of :name, :with => /^[a-zA-Z]+$/
  # ruleid: ruby.validation-regex-unanchored
  validates :username, :length => 6..20, :format => /([a-z][0-9])+/i
  # ruleid: ruby.validation-regex-unanchored
  validates :slug, format: { with: /\A[a-z-]+$/ }
  # ok: ruby.validation-regex-unanchored
  validates_format_of :good_valid, :with => /\A[a-zA-Z]\z/
  # ok: ruby.validation-regex-unanchored
  validates :email, format: { with: /\A[^@\s]+@[^@\s]+\z/i }
  # ok: ruby.validation-regex-unanchored
  validates :code, format: { with: /\A\d{6}\Z/ }, presence: true
end

class UsersController < ApplicationController
  def user_params
    # ruleid: ruby.mass-assignment-privileged-attribute
    params.require(:user).permit(:name, :email, :role)
  end

  def profile_params
    # ok: ruby.mass-assignment-privileged-attribute
    params.require(:user).permit(:name, :email, :avatar)
  end
end
