<?php
$pages = ['home' => 'pages/home.php', 'about' => 'pages/about.php'];
$key = $_GET['page'] ?? 'home';
include $pages[array_key_exists($key, $pages) ? $key : 'home'];
