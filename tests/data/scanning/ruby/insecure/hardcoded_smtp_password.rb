ActionMailer::Base.smtp_settings = {
  address: "smtp.example.com",
  port: 587,
  user_name: "notifications@example.com",
  password: "M4ilP4ss2024",
  authentication: :plain
}
