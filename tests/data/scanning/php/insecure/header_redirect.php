<?php
session_start();
$_SESSION['user'] = $user;
header("Location: " . $_GET['redirect']);
exit;
