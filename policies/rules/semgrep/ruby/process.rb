require 'open3'

def run_user(user_input)
  # ruleid: ruby.shell-command-from-variable
  output = exec(["sh", "-c", user_input])
  # ruleid: ruby.shell-command-from-variable
  Open3.capture2("bash", "-c", user_input)
  # ruleid: ruby.shell-command-from-variable
  pid = spawn(["bash", user_input])
  # ok: ruby.shell-command-from-variable
  system("sh", "-c", "ls -la /tmp")
  # ok: ruby.shell-command-from-variable
  Open3.capture2("bash", "-c", Shellwords.escape(user_input))
end

def start(user_input)
  # ruleid: ruby.command-program-not-literal
  Process.spawn([user_input, "smth"])
  cmd_name = "sh"
  # ok: ruby.command-program-not-literal
  Process.exec([cmd_name, "ls", "-la"])
  # ok: ruby.command-program-not-literal
  system(["ls", "ls"], "-lah")
end
