<?php
$host = getenv('DB_HOST');
$db   = 'inventory';
$user = getenv('DB_USER');
$pass = getenv('DB_PASSWORD');
$pdo = new PDO("mysql:host=$host;dbname=$db;charset=utf8mb4", $user, $pass);
