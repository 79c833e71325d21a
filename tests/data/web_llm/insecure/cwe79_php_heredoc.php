<?php
$title = $_GET['title'];
echo <<<HTML
<h1>$title</h1>
HTML;
