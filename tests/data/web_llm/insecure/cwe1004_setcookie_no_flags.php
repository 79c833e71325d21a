<?php
$token = bin2hex(random_bytes(16));
setcookie("remember_me", $token, time() + 86400 * 30, "/");
