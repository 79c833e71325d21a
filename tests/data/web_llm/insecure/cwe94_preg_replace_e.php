<?php
$template = $_POST['template'];
$out = preg_replace('/\{(\w+)\}/e', '$data["\\1"]', $template);
echo $out;
