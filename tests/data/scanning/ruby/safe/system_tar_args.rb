def archive_directory(dir, name)
  system("tar", "czf", "/backups/#{File.basename(name)}.tar.gz", dir)
end
