<?php
$token = md5(uniqid(rand(), true));
$stmt = $pdo->prepare('INSERT INTO password_resets (email, token) VALUES (?, ?)');
$stmt->execute([$email, $token]);
