<?php
$host = 'localhost';
$db   = 'inventory';
$user = 'admin';
$pass = 'S3cureP@ss2024';
$pdo = new PDO("mysql:host=$host;dbname=$db;charset=utf8mb4", $user, $pass);
