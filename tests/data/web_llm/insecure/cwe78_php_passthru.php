$cmd = "git log --oneline " . $_GET['branch'];
passthru($cmd);
