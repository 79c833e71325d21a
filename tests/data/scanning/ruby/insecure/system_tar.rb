def archive_directory(dir, name)
  system("tar czf /backups/#{name}.tar.gz #{dir}")
end
