<?php
$file = $_GET['file'];
$path = "/var/www/files/" . $file;
header('Content-Type: application/octet-stream');
header('Content-Disposition: attachment; filename="' . basename($path) . '"');
readfile($path);
