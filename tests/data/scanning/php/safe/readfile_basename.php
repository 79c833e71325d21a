<?php
$file = basename($_GET['file']);
header('Content-Type: application/octet-stream');
readfile(__DIR__ . '/uploads/' . $file);
